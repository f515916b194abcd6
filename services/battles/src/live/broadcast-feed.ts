import { gunzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseReplay, seek, stepReplay, type Match, type Replay } from '@garrison/game';
import type { Kysely } from '@garrison/kit';
import type { SpectatorFrame } from '@garrison/live';
import type { Logger } from 'pino';
import type { Database } from '../database.js';
import { SharedFeeds, type FeedOutlet } from './shared-feeds.js';

type Listener = (frame: SpectatorFrame) => void;

/** Where a broadcast stands, as stored: any instance computes the same tick for the same moment. */
export interface BroadcastClock {
  startsAt: Date;
  tickMs: number;
}

/**
 * The tick line a broadcast shows at `now` (ADR 240): tick line g (0-based) is shown at
 * startsAt + (g + 1) · tickMs, so before startsAt + tickMs it is 0 lines, and it never passes `total`.
 */
export function shownTicks(clock: BroadcastClock, total: number, now: number): number {
  const elapsed = now - clock.startsAt.getTime();
  return Math.max(0, Math.min(total, Math.floor(elapsed / clock.tickMs)));
}

/**
 * Frames of broadcast battles (ADR 240) streamed from their stored replay at the live pace, paced
 * by wall clock from the stored broadcast start: one engine re-simulation per battle on this
 * instance, shared by its spectators here; any instance streams the same frames at the same time.
 * A spectator who joins late starts at the tick being shown. Frames have the live battles' shape.
 */
export class BroadcastFeed {
  private readonly feeds: SharedFeeds<SpectatorFrame>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {
    this.feeds = new SharedFeeds((battleId, outlet) => this.follow(battleId, outlet), {
      replayLatest: false,
    });
  }

  subscribe(battleId: string, listener: Listener): () => void {
    return this.feeds.subscribe(battleId, listener);
  }

  close(): void {
    this.feeds.close();
  }

  private async follow(battleId: string, { emit, signal }: FeedOutlet<SpectatorFrame>): Promise<void> {
    try {
      const start = await this.waitForStart(battleId, signal);
      if (start) await play(battleId, start.replay, start.clock, emit, signal);
    } catch (err) {
      if (!signal.aborted) this.log.warn({ err, battleId }, 'broadcast feed failed');
    }
  }

  /** Polls until the battle has been computed (its broadcast start is stored); undefined if it never will. */
  private async waitForStart(
    battleId: string,
    signal: AbortSignal,
  ): Promise<{ replay: Replay; clock: BroadcastClock } | undefined> {
    while (!signal.aborted) {
      const row = await this.db
        .selectFrom('battles')
        .leftJoin('replays', 'replays.battle_id', 'battles.id')
        .select([
          'battles.status',
          'battles.broadcast_starts_at',
          'battles.broadcast_tick_ms',
          'replays.replay_gz',
        ])
        .where('battles.id', '=', battleId)
        .executeTakeFirst();
      if (!row || row.status === 'cancelled' || row.status === 'finished') return undefined;
      if (row.broadcast_starts_at && row.broadcast_tick_ms && row.replay_gz) {
        return {
          replay: parseReplay(gunzipSync(row.replay_gz).toString('utf8')),
          clock: { startsAt: row.broadcast_starts_at, tickMs: row.broadcast_tick_ms },
        };
      }
      await sleep(this.pollMs, undefined, { signal }).catch(() => undefined);
    }
    return undefined;
  }
}

/** Steps the replay forward in time with the wall clock, emitting a frame per tick line. */
async function play(
  battleId: string,
  replay: Replay,
  clock: BroadcastClock,
  emit: Listener,
  signal: AbortSignal,
): Promise<void> {
  const total = replay.ticks.length;
  let shown = shownTicks(clock, total, Date.now());
  const match: Match = seek(replay, shown);
  const at = (g: number) => clock.startsAt.getTime() + (g + 1) * clock.tickMs;
  while (shown < total && !signal.aborted) {
    const wait = at(shown) - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) return;
    // Behind (a slow event loop): every tick is still sent, in order, the next ones without waiting.
    if (match.roundOver && !match.over) match.startRound();
    stepReplay(match, replay);
    shown++;
    emit({ type: 'frame', battleId, round: match.round, tick: match.tick, state: match.snapshot() });
    if (match.roundOver) {
      emit({ type: 'round-end', battleId, round: match.round, tick: match.tick, results: match.results() });
    }
  }
  if (signal.aborted) return;
  emit({
    type: 'battle-end',
    battleId,
    round: match.round,
    tick: match.tick,
    results: replay.results ?? match.results(),
  });
}
