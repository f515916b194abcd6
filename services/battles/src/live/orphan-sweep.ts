import { sql, type Bus, type Kysely } from '@garrison/kit';
import { cancelBattle } from '../app/battle-lifecycle.js';
import type { Database } from '../database.js';

/** How often the playing process stamps a live battle. */
export const LIVE_HEARTBEAT_MS = 5_000;
/** A live battle not stamped for this long has lost its process (12 missed heartbeats). */
export const LIVE_ORPHANED_AFTER_MS = 60_000;
export const ORPHAN_SWEEP_JOB = 'sweep-orphaned-live-battles';

/** Marks a live battle as still being played by this process. */
export async function stampLiveBattle(db: Kysely<Database>, battleId: string): Promise<void> {
  await db
    .updateTable('battles')
    .set({ live_heartbeat_at: sql<Date>`clock_timestamp()` })
    .where('id', '=', battleId)
    .execute();
}

/**
 * Cancels running live battles whose process stopped stamping them (it crashed: a graceful stop
 * cancels its own). Nobody else can finish them — the agents' sockets went with the process.
 */
export async function cancelOrphanedLiveBattles(
  db: Kysely<Database>,
  bus: Bus,
  orphanedAfterMs = LIVE_ORPHANED_AFTER_MS,
): Promise<string[]> {
  const stale = await db
    .selectFrom('battles')
    .select('id')
    .where('live', '=', true)
    .where('status', '=', 'running')
    .where(
      sql<Date>`coalesce(live_heartbeat_at, started_at)`,
      '<',
      sql<Date>`clock_timestamp() - make_interval(secs => ${orphanedAfterMs / 1000})`,
    )
    .execute();
  const cancelled: string[] = [];
  for (const { id } of stale) {
    if (await cancelBattle(db, bus, id, 'the game server playing it stopped')) cancelled.push(id);
  }
  return cancelled;
}
