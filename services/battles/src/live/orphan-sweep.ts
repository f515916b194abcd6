import type { Bus, Kysely } from '@garrison/kit';
import { cancelBattle } from '../app/battle-lifecycle.js';
import type { Database } from '../database.js';
import { unstampedFor } from './live-ownership.js';

/**
 * Unstamped this long, a live battle whose Agents did not bring it to another instance is taken over
 * by the sweeping one (ADR 280); its absent seats forfeit there as they would anywhere.
 */
export const LIVE_ORPHANED_AFTER_MS = 20_000;
/** Started or taken over this many times without finishing: cancelled instead (it may be what kills its processes). */
export const MAX_LIVE_ATTEMPTS = 5;
export const ORPHAN_SWEEP_JOB = 'sweep-orphaned-live-battles';

export interface SweepResult {
  takenOver: string[];
  cancelled: string[];
}

/** Running live battles whose process stopped stamping them: taken over here, or cancelled after too many tries. */
export async function sweepOrphanedLiveBattles(
  db: Kysely<Database>,
  bus: Bus,
  takeOver: (battleId: string, staleMs: number) => Promise<boolean>,
  orphanedAfterMs = LIVE_ORPHANED_AFTER_MS,
): Promise<SweepResult> {
  const stale = await db
    .selectFrom('battles')
    .select(['id', 'attempts'])
    .where('live', '=', true)
    .where('status', '=', 'running')
    .where(unstampedFor(orphanedAfterMs))
    .execute();
  const result: SweepResult = { takenOver: [], cancelled: [] };
  for (const { id, attempts } of stale) {
    if (attempts >= MAX_LIVE_ATTEMPTS) {
      const reason = `the game servers playing it stopped ${attempts} times`;
      if (await cancelBattle(db, bus, id, reason)) result.cancelled.push(id);
    } else if (await takeOver(id, orphanedAfterMs)) {
      result.takenOver.push(id);
    }
  }
  return result;
}
