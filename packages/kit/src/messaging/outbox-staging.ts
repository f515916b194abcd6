// Writing outbox rows and waking the relay, cheaply.
// In a service's own transaction (an HTTP request): the rows are inserted at once, with at most one
// NOTIFY per transaction, sent by the first INSERT itself (delivered at commit, so the relay wakes
// without waiting for its poll).
// In the transactions the kit runs itself (handler batches): the rows are staged in memory and
// inserted by one multi-row INSERT just before commit, without NOTIFY — after commit the kit wakes
// the relay directly. That saves a round trip per published event, and PostgreSQL serialises the
// commits of notifying transactions.
import { sql } from 'kysely';
import type { AnyTransaction } from './types.js';

export const OUTBOX_CHANNEL = 'kit_outbox';

export interface OutboxRowInput {
  id: string;
  kind: 'event' | 'command';
  destination: string;
  type: string;
  envelope: unknown;
  headers: Record<string, string>;
}

/** Rows per INSERT: 6 parameters each stays far below PostgreSQL's 65,535-parameter limit. */
const INSERT_CHUNK = 1_000;

export class OutboxStaging {
  private readonly staged = new WeakMap<AnyTransaction, OutboxRowInput[]>();
  private readonly notified = new WeakSet<AnyTransaction>();
  private readonly wroteRows = new WeakSet<AnyTransaction>();

  /** @param wake called after a staged transaction that wrote outbox rows committed. */
  constructor(private readonly wake: () => void = () => undefined) {}

  /** The kit commits this transaction itself: stage its rows until flush(), then call committed(). */
  stage(tx: AnyTransaction): void {
    this.staged.set(tx, []);
  }

  async write(tx: AnyTransaction, rows: OutboxRowInput[]): Promise<void> {
    if (rows.length === 0) return;
    const staged = this.staged.get(tx);
    if (staged) {
      staged.push(...rows);
      return;
    }
    const notify = !this.notified.has(tx);
    this.notified.add(tx);
    await insertRows(tx, rows, notify);
  }

  /** Inserts what a staged transaction wrote; call it last before commit. */
  async flush(tx: AnyTransaction): Promise<void> {
    const rows = this.staged.get(tx) ?? [];
    this.staged.set(tx, []);
    if (rows.length === 0) return;
    await insertRows(tx, rows, false);
    this.wroteRows.add(tx);
  }

  committed(tx: AnyTransaction): void {
    if (this.wroteRows.has(tx)) this.wake();
  }
}

/** With `notify`, the NOTIFY rides on the first INSERT: one round trip instead of two per transaction. */
async function insertRows(tx: AnyTransaction, rows: OutboxRowInput[], notify: boolean): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const values = rows
      .slice(start, start + INSERT_CHUNK)
      .map(
        (r) =>
          sql`(${r.id}, ${r.kind}, ${r.destination}, ${r.type}, ${JSON.stringify(r.envelope)}::jsonb, ${JSON.stringify(r.headers)}::jsonb)`,
      );
    const insert = sql`INSERT INTO kit_outbox (id, kind, destination, type, envelope, headers) VALUES ${sql.join(values)}`;
    // A data-modifying WITH runs once, to completion, whatever the outer SELECT reads of it.
    const statement =
      notify && start === 0
        ? sql`WITH inserted AS (${insert} RETURNING 1)
              SELECT pg_notify(${OUTBOX_CHANNEL}, '') FROM (SELECT 1 FROM inserted LIMIT 1) AS one`
        : insert;
    await statement.execute(tx);
  }
}
