import { builtinBotSource } from '@garrison/game';
import type { Bus, Kysely, Scheduler, Transaction } from '@garrison/kit';
import {
  BattleTimeoutError,
  runBattleInWorker,
  type BattleBot,
  type BattleReport,
  type BattleRequest,
  type WorkerOptions,
} from '@garrison/sandbox';
import type { Logger } from 'pino';
import type { BattleRecord } from '../adapters/battle-repository.js';
import type { Database } from '../database.js';
import { failpoint } from '../failpoint.js';
import type { BattleMetrics } from '../metrics.js';
import {
  beginBattle,
  cancelBattle,
  holdForBroadcast,
  recordResult,
  type BroadcastPace,
} from './battle-lifecycle.js';
import { BotUnplayableError, type BotDirectory } from './ports.js';

export type HostedRunner = (request: BattleRequest, options: WorkerOptions) => Promise<BattleReport>;

export interface HostedDeps {
  db: Kysely<Database>;
  bus: Bus;
  bots: BotDirectory;
  log: Logger;
  metrics: BattleMetrics;
  /** Plays the battle: the service's battle worker pool; runBattleInWorker (a worker thread per battle) if none. */
  run?: HostedRunner;
  /**
   * A battle's total compute (ADR 142): the time its worker thread may spend on it. The thread
   * does nothing else meanwhile, so this bounds the CPU the battle takes; past it the worker is
   * stopped and the battle cancelled with reason `cpu-cap`.
   */
  cpuCapMs?: number;
  /** Broadcast battles (ADR 240): their pace, and the scheduler that reveals them when it ends. */
  broadcast?: { pace: BroadcastPace; scheduler: Scheduler };
}

/** The job that reveals a broadcast battle's result when its broadcast ends (ADR 240). */
export const REVEAL_JOB = 'reveal-broadcast';

/** The cancel reason of a battle stopped at its compute cap; clients may match on the prefix. */
export const cpuCapReason = (capMs: number) =>
  `cpu-cap: the battle used its whole compute budget (${capMs / 1000} s) and was stopped`;

/**
 * The battles.run handler: plays a hosted battle and records its result in the handler's
 * transaction (which also holds the command's inbox row), so a worker that dies mid-battle leaves
 * neither a result nor an ack behind, and the command comes back to another worker.
 */
export async function playHostedBattle(
  deps: HostedDeps,
  battleId: string,
  tx: Transaction<Database>,
): Promise<void> {
  const record = await beginBattle(deps.db, deps.bus, battleId);
  if (!record) return; // finished or cancelled already: nothing to do
  if (record.battle.live) {
    deps.log.warn({ battleId }, 'a live battle reached the hosted queue; ignored');
    return;
  }
  let bots: BattleBot[];
  try {
    bots = await loadBots(deps.bots, record);
  } catch (err) {
    if (err instanceof BotUnplayableError) {
      await cancelBattle(tx, deps.bus, battleId, err.message);
      deps.metrics.finished.inc({ kind: record.battle.kind, outcome: 'cancelled' });
      return;
    }
    throw err; // the registry is unreachable: the command is retried
  }

  const started = performance.now();
  deps.metrics.running.inc({ live: 'false' });
  let report: BattleReport;
  try {
    report = await (deps.run ?? runBattleInWorker)(
      {
        seed: Number(record.battle.seed),
        rounds: record.battle.rounds,
        mode: record.battle.mode,
        rulesVersion: record.battle.rules_version,
        bots,
      },
      {
        onProgress: (progress) => {
          if (progress.roundOver && progress.round === 1) failpoint('battles.mid-battle');
        },
        ...(deps.cpuCapMs ? { wallClockMs: deps.cpuCapMs } : {}),
      },
    );
  } catch (err) {
    if (err instanceof BattleTimeoutError) {
      const reason = deps.cpuCapMs ? cpuCapReason(deps.cpuCapMs) : `the battle took too long: ${err.message}`;
      await cancelBattle(tx, deps.bus, battleId, reason);
      deps.metrics.finished.inc({ kind: record.battle.kind, outcome: 'cancelled' });
      return;
    }
    throw err;
  } finally {
    deps.metrics.running.dec({ live: 'false' });
  }

  observe(deps.metrics, report, (performance.now() - started) / 1000);
  const outcome = {
    results: report.results,
    replay: report.replay ?? '',
    debugLogs: report.bots.map((bot) => bot.debugLog),
  };
  if (record.battle.broadcast && deps.broadcast) {
    const revealAt = await holdForBroadcast(tx, battleId, outcome, deps.broadcast.pace);
    // Scheduled before this transaction commits: a rollback leaves a job that finds nothing due, and
    // a job lost after the commit is made up for by the minute sweep (revealDueBroadcasts).
    if (revealAt) {
      await deps.broadcast.scheduler.runAt(REVEAL_JOB, revealAt, { battleId });
      deps.metrics.finished.inc({ kind: record.battle.kind, outcome: 'finished' });
    } else deps.log.info({ battleId }, 'broadcast already held by another worker; this run is dropped');
    return;
  }
  const recorded = await recordResult(tx, deps.bus, battleId, outcome);
  if (recorded) deps.metrics.finished.inc({ kind: record.battle.kind, outcome: 'finished' });
  else deps.log.info({ battleId }, 'result already recorded by another worker; this run is dropped');
}

async function loadBots(directory: BotDirectory, record: BattleRecord): Promise<BattleBot[]> {
  return Promise.all(
    record.participants.map(async (p): Promise<BattleBot> => {
      if (p.builtin) return { name: p.name, source: builtinBotSource(p.builtin), language: 'js' };
      if (!p.bot_version_id) throw new BotUnplayableError(`seat ${p.seat} has no bot to host`);
      return { name: p.name, source: await directory.compiledSource(p.bot_version_id), language: 'js' };
    }),
  );
}

function observe(metrics: BattleMetrics, report: BattleReport, seconds: number): void {
  if (report.results.ticks > 0) metrics.tickDuration.observe(seconds / report.results.ticks);
  for (const bot of report.bots) {
    metrics.skippedTicks.inc(bot.stats.skips);
    if (bot.stats.calls > 0) metrics.sandboxPerTick.observe(bot.stats.cpuMs / 1000 / bot.stats.calls);
  }
}
