// Who plays a live battle, and what it has played so far (ADR 280). The process holding the battle's
// current epoch stamps it and saves the replay lines it recorded every second; when the stamps stop
// (the process died) or the battle is released (it stopped gracefully), another instance claims the
// next epoch and goes on from the saved lines.
import { sql, withTransaction, type Kysely } from '@garrison/kit';
import { BattleMoved, type LiveProgress } from '@garrison/live';
import type { Logger } from 'pino';
import type { Database } from '../database.js';

/** How often the playing process stamps its battle and saves what was played since. */
export const CHECKPOINT_EVERY_MS = 1_000;
/** Unstamped this long, a live battle has lost its process: an instance its Agent reaches takes it. */
export const LIVE_TAKEOVER_AFTER_MS = 5_000;

/** A live battle nobody has stamped (or started) for `staleMs`: its process is gone, or released it. */
export const unstampedFor = (staleMs: number) =>
  sql<boolean>`coalesce(live_heartbeat_at, started_at) < clock_timestamp() - make_interval(secs => ${staleMs / 1000})`;

/** Another process claimed the battle: this one must stop playing it and leave it alone. */
export class OwnershipLost extends BattleMoved {
  constructor(battleId: string) {
    super(`live battle ${battleId} was taken over by another process`);
    this.name = 'OwnershipLost';
  }
}

/**
 * Claims a running live battle unstamped for `staleMs` (or released): the next epoch is ours.
 * undefined when it is not running, not live, or its process is still playing it.
 */
export async function claimLiveBattle(
  db: Kysely<Database>,
  battleId: string,
  staleMs = LIVE_TAKEOVER_AFTER_MS,
): Promise<number | undefined> {
  const claimed = await db
    .updateTable('battles')
    .set({
      live_epoch: sql<number>`live_epoch + 1`,
      attempts: sql<number>`attempts + 1`,
      live_heartbeat_at: sql<Date>`clock_timestamp()`,
    })
    .where('id', '=', battleId)
    .where('live', '=', true)
    .where('status', '=', 'running')
    .where(unstampedFor(staleMs))
    .returning('live_epoch')
    .executeTakeFirst();
  return claimed?.live_epoch;
}

/** A graceful stop hands the battle on: any instance may claim it at once. */
export async function releaseLiveBattle(
  db: Kysely<Database>,
  battleId: string,
  epoch: number,
): Promise<void> {
  await db
    .updateTable('battles')
    .set({ live_heartbeat_at: sql<Date>`'-infinity'::timestamptz` })
    .where('id', '=', battleId)
    .where('status', '=', 'running')
    .where('live_epoch', '=', epoch)
    .execute();
}

/** Everything saved of a battle, in order, and the number the next checkpoint gets. */
export async function loadLiveProgress(
  db: Kysely<Database>,
  battleId: string,
): Promise<{ progress: LiveProgress; nextSeq: number }> {
  const rows = await db
    .selectFrom('live_checkpoints')
    .select(['seq', 'lines', 'forfeited'])
    .where('battle_id', '=', battleId)
    .orderBy('seq')
    .execute();
  const last = rows.at(-1);
  return {
    progress: { lines: rows.flatMap((r) => r.lines.split('\n')), forfeited: last?.forfeited ?? [] },
    nextSeq: (last?.seq ?? -1) + 1,
  };
}

export interface CheckpointOptions {
  db: Kysely<Database>;
  battleId: string;
  epoch: number;
  /** Lines saved already (a taken-over battle starts with the previous process's). */
  savedLines: number;
  nextSeq: number;
  /** Another process claimed the battle. */
  onLost(error: OwnershipLost): void;
  log: Logger;
}

/**
 * Every second while this process owns the battle: stamps it and saves the lines recorded since the
 * last save, in one transaction that fails when the epoch is no longer ours.
 */
export class LiveCheckpoints {
  private latest: LiveProgress | undefined;
  private saved: number;
  private seq: number;
  private writing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: CheckpointOptions) {
    this.saved = opts.savedLines;
    this.seq = opts.nextSeq;
    this.timer = setInterval(() => void this.flush(), CHECKPOINT_EVERY_MS);
  }

  /** The battle's latest progress (kept by reference; read at the next save). */
  update(progress: LiveProgress): void {
    this.latest = progress;
  }

  /** Stops saving; waits for a save under way. `saveLast`: then saves what was played since. */
  async stop({ saveLast = false } = {}): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    if (saveLast) await this.flush();
  }

  private flush(): Promise<void> {
    this.writing ??= this.save()
      .catch((err: unknown) => {
        if (err instanceof OwnershipLost) this.opts.onLost(err);
        else
          this.opts.log.warn(
            { err, battleId: this.opts.battleId },
            'could not save a live battle checkpoint',
          );
      })
      .finally(() => (this.writing = undefined));
    return this.writing;
  }

  private async save(): Promise<void> {
    const { db, battleId, epoch } = this.opts;
    const progress = this.latest;
    const lines = progress ? progress.lines.slice(this.saved) : [];
    await withTransaction(db, async (tx) => {
      // The stamp goes first: it locks the row, so a claim and a save never interleave.
      const owned = await tx
        .updateTable('battles')
        .set({ live_heartbeat_at: sql<Date>`clock_timestamp()` })
        .where('id', '=', battleId)
        .where('status', '=', 'running')
        .where('live_epoch', '=', epoch)
        .returning('id')
        .executeTakeFirst();
      if (!owned) throw new OwnershipLost(battleId);
      if (lines.length === 0) return;
      await tx
        .insertInto('live_checkpoints')
        .values({
          battle_id: battleId,
          seq: this.seq,
          lines: lines.join('\n'),
          forfeited: [...progress!.forfeited],
        })
        .execute();
    });
    if (lines.length > 0) {
      this.saved += lines.length;
      this.seq += 1;
    }
  }
}
