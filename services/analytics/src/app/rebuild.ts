import { problem, sql, withTransaction, type EventEnvelope, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { projectionOf } from './projections.js';

/** Events read from the log per query while re-folding (bounded memory on a long history). */
const BATCH = 1_000;

export interface RebuildResult {
  events: number;
  transactions: number;
  tasks: number;
  tookMs: number;
}

/**
 * Throws the read model away and folds it again from the event log, in one transaction: a report
 * asked meanwhile waits for the commit (TRUNCATE locks the tables), so nobody sees an empty or
 * half-built model. Consumers wait too (the log is locked against inserts) and go on after it.
 */
export async function rebuildProjections(db: Kysely<Database>): Promise<RebuildResult> {
  const started = performance.now();
  return withTransaction(db, async (tx) => {
    const state = await tx.selectFrom('event_log_state').select('complete').executeTakeFirst();
    if (!state?.complete)
      throw problem(
        409,
        'History incomplete',
        'the projections hold data from before the event log existed; a rebuild would lose it',
      );
    // EXCLUSIVE blocks the consumers' inserts (they log first, then project) but not reads of the log.
    await sql`LOCK TABLE event_log IN EXCLUSIVE MODE`.execute(tx);
    await sql`TRUNCATE transactions, tasks`.execute(tx);

    let events = 0;
    let after = '0';
    for (;;) {
      const batch = await tx
        .selectFrom('event_log')
        .select(['seq', 'envelope'])
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      for (const row of batch) {
        const event = row.envelope as EventEnvelope;
        await projectionOf(event).apply(tx, event);
      }
      events += batch.length;
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]!.seq;
    }

    const count = async (table: 'transactions' | 'tasks') =>
      Number(
        (
          await tx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      events,
      transactions: await count('transactions'),
      tasks: await count('tasks'),
      tookMs: Math.round(performance.now() - started),
    };
  });
}
