// Dead letters live in the consuming service's own database (kit_dead_letters), the same on both
// transports, so they can be listed and replayed through the bus API.
import { type Kysely, sql } from 'kysely';
import type { Transport } from './transport.js';
import type { DeadLetter, EventEnvelope } from './types.js';

export class DeadLetterNotFoundError extends Error {
  override name = 'DeadLetterNotFoundError';
}

export interface DeadLetterInput {
  consumer: string;
  queue: string;
  envelope: unknown;
  headers: Record<string, string>;
  reason: string;
  attempts: number;
}

interface DeadLetterRow {
  id: string;
  consumer: string;
  queue: string;
  envelope: unknown;
  headers: Record<string, string>;
  reason: string;
  attempts: number;
  failed_at: Date;
}

export class DeadLetterStore {
  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly db: Kysely<any>,
    private readonly consumer: string,
  ) {}

  async add(input: DeadLetterInput): Promise<void> {
    const envelope = input.envelope as Partial<EventEnvelope> | undefined;
    const eventId = typeof envelope?.id === 'string' && isUuid(envelope.id) ? envelope.id : null;
    const type = typeof envelope?.type === 'string' ? envelope.type : null;
    // The same message dead-lettered twice (a crash between storing and acking) stays one row.
    await sql`
      INSERT INTO kit_dead_letters (consumer, queue, event_id, type, envelope, headers, reason, attempts)
      VALUES (${input.consumer}, ${input.queue}, ${eventId}, ${type}, ${JSON.stringify(input.envelope ?? null)}::jsonb,
              ${JSON.stringify(input.headers)}::jsonb, ${input.reason}, ${input.attempts})
      ON CONFLICT (queue, event_id) DO UPDATE
        SET reason = EXCLUDED.reason, attempts = EXCLUDED.attempts, failed_at = now()`.execute(this.db);
  }

  async list(): Promise<DeadLetter[]> {
    const { rows } = await sql<DeadLetterRow>`
      SELECT id, consumer, queue, envelope, headers, reason, attempts, failed_at FROM kit_dead_letters
      WHERE consumer = ${this.consumer} ORDER BY failed_at DESC, id`.execute(this.db);
    return rows.map((r) => ({
      id: r.id,
      consumer: r.consumer,
      queue: r.queue,
      envelope: r.envelope,
      reason: r.reason,
      attempts: r.attempts,
      failedAt: r.failed_at,
    }));
  }

  /** Removes the row and puts the message back on its queue in one step: if publishing fails, the row stays. */
  async replay(id: string, transport: Transport): Promise<void> {
    if (!isUuid(id)) throw new DeadLetterNotFoundError(`no dead letter ${id}`);
    await this.db.transaction().execute(async (tx) => {
      const { rows } = await sql<DeadLetterRow>`
        DELETE FROM kit_dead_letters WHERE id = ${id} AND consumer = ${this.consumer}
        RETURNING id, consumer, queue, envelope, headers, reason, attempts, failed_at`.execute(tx);
      const row = rows[0];
      if (!row) throw new DeadLetterNotFoundError(`no dead letter ${id}`);
      await transport.publish([
        {
          to: { kind: 'queue', queue: row.queue },
          message: { envelope: row.envelope as EventEnvelope, headers: row.headers },
        },
      ]);
    });
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
