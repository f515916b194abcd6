import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from '@garrison/kit';
import { loadBattle, type BattleRecord } from '../adapters/battle-repository.js';
import type { Database } from '../database.js';

export const isTerminal = (status: string) => status === 'finished' || status === 'cancelled';

/**
 * The battle now, then again whenever its status changes, until it is finished or cancelled (or
 * the signal aborts). Polls the database, so a change made by any instance is seen.
 */
export async function* watchBattle(
  db: Kysely<Database>,
  id: string,
  pollMs: number,
  signal?: AbortSignal,
): AsyncGenerator<BattleRecord> {
  let last: string | undefined;
  while (!signal?.aborted) {
    const record = await loadBattle(db, id);
    if (!record) return;
    if (record.battle.status !== last) {
      last = record.battle.status;
      yield record;
      if (isTerminal(last)) return;
    }
    try {
      await sleep(pollMs, undefined, signal ? { signal } : {});
    } catch {
      return; // aborted
    }
  }
}
