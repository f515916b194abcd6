// Writing to the outbox: validate, wrap in an envelope, insert in the caller's transaction.
import { context, propagation } from '@opentelemetry/api';
import { sql } from 'kysely';
import { createEnvelope } from './envelope.js';
import { EventSchemaError, type EventRegistry } from './schemas.js';
import type { AnyTransaction, CommandToSend, EventEnvelope, EventToPublish, PublishMeta } from './types.js';

export const OUTBOX_CHANNEL = 'kit_outbox';

export class OutboxWriter {
  constructor(
    private readonly service: string,
    private readonly registry: EventRegistry,
  ) {}

  async publish<Data>(
    tx: AnyTransaction,
    event: EventToPublish<Data>,
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>> {
    this.check(event.type, event.version, event.data, this.service, `service "${this.service}"`);
    const envelope = createEnvelope({ producer: this.service, ...event, meta });
    await insert(tx, 'event', this.service, envelope);
    return envelope;
  }

  /**
   * Many events in one multi-row INSERT and one wake-up: a bulk change (a shuffle of 10,000 tasks)
   * writes its events in a few statements instead of one round trip per event.
   */
  async publishMany<Data>(
    tx: AnyTransaction,
    events: EventToPublish<Data>[],
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>[]> {
    const envelopes = events.map((event) => {
      this.check(event.type, event.version, event.data, this.service, `service "${this.service}"`);
      return createEnvelope({ producer: this.service, ...event, meta });
    });
    const headers = JSON.stringify(traceHeaders());
    for (let start = 0; start < envelopes.length; start += INSERT_CHUNK) {
      const rows = envelopes
        .slice(start, start + INSERT_CHUNK)
        .map(
          (e) =>
            sql`(${e.id}, 'event', ${this.service}, ${e.type}, ${JSON.stringify(e)}::jsonb, ${headers}::jsonb)`,
        );
      await sql`INSERT INTO kit_outbox (id, kind, destination, type, envelope, headers) VALUES ${sql.join(rows)}`.execute(
        tx,
      );
    }
    if (envelopes.length > 0) await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`.execute(tx);
    return envelopes;
  }

  async send<Data>(
    tx: AnyTransaction,
    queue: string,
    command: CommandToSend<Data>,
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>> {
    const owner = commandQueueOwner(queue);
    const version = command.version ?? 1;
    this.check(command.type, version, command.data, owner, `queue "${queue}"`);
    const envelope = createEnvelope({
      producer: this.service,
      type: command.type,
      version,
      data: command.data,
      meta,
    });
    await insert(tx, 'command', queue, envelope);
    return envelope;
  }

  private check(type: string, version: number, data: unknown, owner: string, what: string): void {
    const entry = this.registry.find(type, version);
    if (!entry) {
      const known = this.registry.versionsOf(type);
      throw new EventSchemaError(
        `cannot publish ${type} v${version}: no schema contracts/events/${owner}/${type}.v${version}.json` +
          (known.length ? ` (known versions: ${known.join(', ')})` : ''),
      );
    }
    if (entry.producer !== owner) {
      throw new EventSchemaError(
        `cannot publish ${type} v${version} from ${what}: it belongs to "${entry.producer}"`,
      );
    }
    const result = this.registry.validate(type, version, data);
    if (!result.valid) throw new EventSchemaError(`invalid ${result.reason}`);
  }
}

/** `battles.run` is owned by `battles`; a command queue is always `<service>.<name>`. */
export function commandQueueOwner(queue: string): string {
  const match = /^([a-z][a-z0-9-]*)\.[a-z][a-z0-9.-]*$/.exec(queue);
  if (!match?.[1])
    throw new EventSchemaError(`command queue "${queue}" must be named <service>.<name>, e.g. battles.run`);
  return match[1];
}

/** Rows per INSERT: 6 parameters each stays far below PostgreSQL's 65,535-parameter limit. */
const INSERT_CHUNK = 1_000;

function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

async function insert(
  tx: AnyTransaction,
  kind: 'event' | 'command',
  destination: string,
  envelope: EventEnvelope,
): Promise<void> {
  const headers = traceHeaders();
  await sql`
    INSERT INTO kit_outbox (id, kind, destination, type, envelope, headers)
    VALUES (${envelope.id}, ${kind}, ${destination}, ${envelope.type},
            ${JSON.stringify(envelope)}::jsonb, ${JSON.stringify(headers)}::jsonb)`.execute(tx);
  // Delivered at commit (and dropped on rollback): wakes the relay without waiting for its poll.
  await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`.execute(tx);
}
