import { withTransaction, type Bus, type Kysely } from '@garrison/kit';
import { BattleMoved, type AgentHubApi, type LiveProgress, type LiveSeat } from '@garrison/live';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadBattle, type BattleRecord } from '../adapters/battle-repository.js';
import { beginBattle, cancelBattle, recordResult } from '../app/battle-lifecycle.js';
import type { BotDirectory } from '../app/ports.js';
import type { Database } from '../database.js';
import type { BattleMetrics } from '../metrics.js';
import {
  CHECKPOINT_EVERY_MS,
  claimLiveBattle,
  LiveCheckpoints,
  LIVE_TAKEOVER_AFTER_MS,
  loadLiveProgress,
  OwnershipLost,
  releaseLiveBattle,
} from './live-ownership.js';
import type { SpectatorHub } from './spectators.js';

export interface LiveDeps {
  db: Kysely<Database>;
  bus: Bus;
  bots: BotDirectory;
  hub: AgentHubApi;
  spectators: SpectatorHub;
  log: Logger;
  metrics: BattleMetrics;
  tickRate: number;
  /** Away (disconnected or idle) this long → the seat forfeits. */
  forfeitAfterMs: number;
  /** Silent this long → the seat is idle. */
  idleAfterMs: number;
  /** Reaches Agents connected to other instances (ADR 281). */
  relay?: { want(battleId: string, userId: string): void; announce(battleId: string, userId: string): void };
}

/** What a process needs to play a battle it has claimed. */
interface Claimed {
  record: BattleRecord;
  epoch: number;
  /** What an earlier process played (a takeover), else undefined. */
  resume?: LiveProgress;
  nextSeq: number;
}

/** This process stops gracefully: the battle is left for another instance to take over. */
class HandedOver extends BattleMoved {
  constructor() {
    super('the game server is stopping: the battle is handed over');
    this.name = 'HandedOver';
  }
}

/**
 * Plays live battles (a local Agent takes part) in this process, in real time, through the
 * agent hub of packages/live. Results go through the same exactly-once recording as hosted ones.
 * A battle whose process died or stopped is taken over where its Agent reconnects (ADR 280).
 */
export class LiveSessions {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private readonly watching = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: LiveDeps) {}

  /** Plays a battle that has not started yet (one starter across instances: beginBattle). */
  start(battleId: string): void {
    void this.launch(battleId, async () => {
      const record = await beginBattle(this.deps.db, this.deps.bus, battleId, { takeOver: false });
      return record && { record, epoch: record.battle.live_epoch, nextSeq: 0 };
    });
  }

  /**
   * Takes over a running battle whose process stopped stamping it for `staleMs`, going on from
   * its last checkpoint. Resolves true when this process now plays it.
   */
  takeOver(battleId: string, staleMs?: number): Promise<boolean> {
    return this.launch(battleId, async () => {
      const epoch = await claimLiveBattle(this.deps.db, battleId, staleMs);
      if (epoch === undefined) return undefined;
      const record = (await loadBattle(this.deps.db, battleId))!;
      const { progress, nextSeq } = await loadLiveProgress(this.deps.db, battleId);
      this.deps.log.info({ battleId, epoch, lines: progress.lines.length }, 'took over a live battle');
      return { record, epoch, resume: progress, nextSeq };
    });
  }

  /**
   * An Agent said hello here: its running battles that no process plays any more are taken over.
   * One still stamped by another process is tried again until it goes stale (that process may have
   * just died), as long as the Agent stays here.
   */
  async agentGreeted(userId: string): Promise<void> {
    const battles = await this.deps.db
      .selectFrom('battles')
      .innerJoin('participants', 'participants.battle_id', 'battles.id')
      .select('battles.id')
      .where('participants.user_id', '=', userId)
      .where('participants.local', '=', true)
      .where('battles.live', '=', true)
      .where('battles.status', '=', 'running')
      .execute();
    for (const { id } of battles) {
      if (this.running.has(id)) continue;
      // Played elsewhere: its instance takes the Agent's seat through the relay (ADR 281)...
      this.deps.relay?.announce(id, userId);
      // ...unless that instance is gone, and then the battle comes here.
      void this.takeOverWhileHere(id, userId);
    }
  }

  /** Stops every live battle of this process and leaves each for another instance to take over. */
  async stop(): Promise<void> {
    this.stopping = true;
    const plays = [...this.running.values()];
    for (const { abort } of plays) abort.abort(new HandedOver());
    await Promise.all(plays.map((p) => p.done));
  }

  private async takeOverWhileHere(battleId: string, userId: string): Promise<void> {
    if (this.watching.has(battleId)) return;
    this.watching.add(battleId);
    try {
      const until = Date.now() + LIVE_TAKEOVER_AFTER_MS + 2 * CHECKPOINT_EVERY_MS;
      while (!this.stopping && !this.running.has(battleId) && this.deps.hub.isOnline(userId)) {
        if (await this.takeOver(battleId)) return;
        if (Date.now() > until) return;
        await sleep(CHECKPOINT_EVERY_MS);
      }
    } catch (err) {
      this.deps.log.warn({ err, battleId }, 'could not take over a live battle');
    } finally {
      this.watching.delete(battleId);
    }
  }

  /** Runs `claim`, then plays what it claimed; resolves once it is known whether there is a battle. */
  private launch(battleId: string, claim: () => Promise<Claimed | undefined>): Promise<boolean> {
    if (this.running.has(battleId) || this.stopping) return Promise.resolve(false);
    const abort = new AbortController();
    let claimed!: (yes: boolean) => void;
    const isOurs = new Promise<boolean>((resolve) => (claimed = resolve));
    const done = (async () => {
      const battle = await claim();
      claimed(battle !== undefined);
      if (battle) await this.play(battle, abort);
    })()
      .catch((err: unknown) => {
        claimed(false);
        this.deps.log.error({ err, battleId }, 'live battle failed');
      })
      .finally(() => this.running.delete(battleId));
    this.running.set(battleId, { abort, done });
    return isOurs;
  }

  private async play({ record, epoch, resume, nextSeq }: Claimed, abort: AbortController): Promise<void> {
    const { db, bus, hub, metrics, log } = this.deps;
    const battleId = record.battle.id;
    const { signal } = abort;
    metrics.running.inc({ live: 'true' });
    const checkpoints = new LiveCheckpoints({
      db,
      battleId,
      epoch,
      savedLines: resume?.lines.length ?? 0,
      nextSeq,
      onLost: (error) => abort.abort(error),
      log,
    });
    try {
      const seats = await this.seats(record);
      const running = hub.runBattle(
        {
          battleId,
          seed: Number(record.battle.seed),
          rulesVersion: record.battle.rules_version,
          mode: record.battle.mode,
          rounds: record.battle.rounds,
          seats,
          tickRate: this.deps.tickRate,
          forfeitAfterMs: this.deps.forfeitAfterMs,
          idleAfterMs: this.deps.idleAfterMs,
          ...(resume ? { resume } : {}),
          onProgress: (progress) => checkpoints.update(progress),
        },
        (frame) => this.deps.spectators.publish(frame),
        signal,
      );
      // Agents of this battle connected to other instances play through them (ADR 281).
      for (const seat of seats)
        if (seat.kind === 'local' && !hub.isOnline(seat.userId)) this.deps.relay?.want(battleId, seat.userId);
      const outcome = await running;
      await checkpoints.stop();
      await withTransaction(db, async (tx) => {
        const recorded = await recordResult(
          tx,
          bus,
          battleId,
          {
            results: outcome.results,
            replay: outcome.replay,
            debugLogs: outcome.debugLogs,
            forfeited: outcome.forfeited,
          },
          { liveEpoch: epoch },
        );
        if (recorded) await tx.deleteFrom('live_checkpoints').where('battle_id', '=', battleId).execute();
      });
      metrics.finished.inc({ kind: record.battle.kind, outcome: 'finished' });
    } catch (err) {
      // Handing over, the next process goes on from the very last tick played here.
      await checkpoints.stop({ saveLast: signal.reason instanceof HandedOver });
      if (signal.reason instanceof HandedOver) {
        await releaseLiveBattle(db, battleId, epoch);
        log.info(
          { battleId },
          'live battle saved and released: the instance its Agent reconnects to (or this one, started again) goes on with it',
        );
        return;
      }
      if (signal.reason instanceof OwnershipLost) {
        log.warn({ battleId }, signal.reason.message);
        return;
      }
      await cancelBattle(db, bus, battleId, `the live battle failed: ${errorText(err)}`);
      metrics.finished.inc({ kind: record.battle.kind, outcome: 'cancelled' });
      throw err;
    } finally {
      metrics.running.dec({ live: 'true' });
    }
  }

  private seats(record: BattleRecord): Promise<LiveSeat[]> {
    return Promise.all(
      record.participants.map(async (p): Promise<LiveSeat> => {
        if (p.local) return { kind: 'local', userId: p.user_id!, name: p.name };
        if (p.builtin) return { kind: 'builtin', name: p.name, builtin: p.builtin };
        return {
          kind: 'hosted',
          userId: p.user_id,
          name: p.name,
          compiledJs: await this.deps.bots.compiledSource(p.bot_version_id!),
        };
      }),
    );
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
