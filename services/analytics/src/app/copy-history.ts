import type { Kysely } from '@garrison/kit';
import type { Database } from '../database.js';

const BATCH = 1_000;

/**
 * Appends another analytics database's event log to this one, in its order; events already here are
 * skipped (same event id), so copying twice, or into a database that consumed some of them live,
 * is harmless. Returns how many rows were copied. A rebuild then folds them (ADR 045).
 */
export async function copyHistory(from: Kysely<Database>, to: Kysely<Database>): Promise<number> {
  let copied = 0;
  let after = '0';
  for (;;) {
    const batch = await from
      .selectFrom('event_log')
      .select(['seq', 'event_id', 'producer', 'type', 'version', 'envelope'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    if (batch.length === 0) return copied;
    const inserted = await to
      .insertInto('event_log')
      .values(
        batch.map((row) => ({
          event_id: row.event_id,
          producer: row.producer,
          type: row.type,
          version: row.version,
          envelope: JSON.stringify(row.envelope),
        })),
      )
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('seq')
      .execute();
    copied += inserted.length;
    after = batch[batch.length - 1]!.seq;
  }
}
