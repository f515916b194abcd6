import { withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { AgentHubApi, LiveSeat } from '@garrison/live';
import type { Logger } from 'pino';
import type { BattleRecord } from '../adapters/battle-repository.js';
import { beginBattle, cancelBattle, recordResult } from '../app/battle-lifecycle.js';
import type { BotDirectory } from '../app/ports.js';
import type { Database } from '../database.js';
import type { BattleMetrics } from '../metrics.js';
import { LIVE_HEARTBEAT_MS, stampLiveBattle } from './orphan-sweep.js';
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
}

/**
 * Plays live battles (a local Agent takes part) in this process, in real time, through the
 * agent hub of packages/live. Results go through the same exactly-once recording as hosted ones.
 */
export class LiveSessions {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: LiveDeps) {}

  start(battleId: string): void {
    if (this.running.has(battleId)) return;
    const abort = new AbortController();
    this.running.set(battleId, abort);
    void this.play(battleId, abort.signal)
      .catch((err: unknown) => this.deps.log.error({ err, battleId }, 'live battle failed'))
      .finally(() => this.running.delete(battleId));
  }

  /** Stops every live battle of this process; they are cancelled (a live battle cannot move). */
  async stop(): Promise<void> {
    for (const abort of this.running.values()) abort.abort();
    const ids = [...this.running.keys()];
    for (const id of ids) await cancelBattle(this.deps.db, this.deps.bus, id, 'the game server stopped');
  }

  private async play(battleId: string, signal: AbortSignal): Promise<void> {
    const { db, bus, hub, metrics } = this.deps;
    const record = await beginBattle(db, bus, battleId);
    if (!record) return;
    metrics.running.inc({ live: 'true' });
    const heartbeat = setInterval(() => {
      stampLiveBattle(db, battleId).catch((err: unknown) =>
        this.deps.log.warn({ err, battleId }, 'could not stamp the live battle'),
      );
    }, LIVE_HEARTBEAT_MS);
    try {
      await stampLiveBattle(db, battleId);
      const seats = await this.seats(record);
      const outcome = await hub.runBattle(
        {
          battleId,
          seed: Number(record.battle.seed),
          mode: record.battle.mode,
          rounds: record.battle.rounds,
          seats,
          tickRate: this.deps.tickRate,
          forfeitAfterMs: this.deps.forfeitAfterMs,
          idleAfterMs: this.deps.idleAfterMs,
        },
        (frame) => this.deps.spectators.publish(frame),
        signal,
      );
      await withTransaction(db, (tx) =>
        recordResult(tx, bus, battleId, {
          results: outcome.results,
          replay: outcome.replay,
          debugLogs: outcome.debugLogs,
          forfeited: outcome.forfeited,
        }),
      );
      metrics.finished.inc({ kind: record.battle.kind, outcome: 'finished' });
    } catch (err) {
      await cancelBattle(db, bus, battleId, `the live battle failed: ${errorText(err)}`);
      metrics.finished.inc({ kind: record.battle.kind, outcome: 'cancelled' });
      throw err;
    } finally {
      clearInterval(heartbeat);
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
