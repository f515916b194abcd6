// Hosted battles per minute: the battle worker's code paths at 1 and 2 battles at once —
// runBattleInWorker (a fresh worker thread per battle) and a battle worker pool (long-lived workers,
// one per battle at once, as services/battles' battles.run handler uses) — beside the same battles
// played by runBattle in this thread (no worker start, no thread hop).
import { builtinBotSource } from '@garrison/game';
import {
  createBattleWorkerPool,
  runBattle,
  runBattleInWorker,
  type BattleReport,
  type BattleRequest,
} from '@garrison/sandbox';
import { cpuMsSince, load1, round1 } from './stats.js';

export type HostedRunnerKind = 'in-thread runBattle' | 'runBattleInWorker' | 'battle worker pool';

export interface HostedResult {
  runner: HostedRunnerKind;
  concurrency: number;
  pairing: string;
  rounds: number;
  battles: number;
  ticks: number;
  wallMs: number;
  cpuMs: number;
  battlesPerMinute: number;
  /** CPU time per battle (all threads of the process): what one battle costs a core. */
  cpuMsPerBattle: number;
  loadAverage: { before: number; after: number };
}

function request(pairing: readonly [string, string], seed: number, rounds: number): BattleRequest {
  return {
    seed,
    rounds,
    mode: 'duel',
    bots: pairing.map((name) => ({ name, source: builtinBotSource(name), language: 'js' as const })),
  };
}

/**
 * Plays `battles` battles (seeds 1..n, the same for every runner) keeping `concurrency` of them in
 * flight, and times the whole lot.
 */
export async function measureHosted(options: {
  runner: HostedRunnerKind;
  concurrency: number;
  pairing: readonly [string, string];
  rounds: number;
  battles: number;
}): Promise<HostedResult> {
  const pool =
    options.runner === 'battle worker pool'
      ? createBattleWorkerPool({ size: options.concurrency })
      : undefined;
  const play: (request: BattleRequest) => Promise<BattleReport> =
    pool?.runBattle ?? (options.runner === 'runBattleInWorker' ? runBattleInWorker : runBattle);
  // Warm-up: esbuild's service, module caches — and every worker of the pool.
  const warmUps = pool ? options.concurrency : 1;
  await Promise.all(Array.from({ length: warmUps }, () => play(request(options.pairing, 999, 1))));
  const before = load1();
  let next = 1;
  let ticks = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const lane = async () => {
    while (next <= options.battles) {
      const report = await play(request(options.pairing, next++, options.rounds));
      ticks += report.results.ticks;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  await pool?.close();
  return {
    runner: options.runner,
    concurrency: options.concurrency,
    pairing: options.pairing.join(' vs '),
    rounds: options.rounds,
    battles: options.battles,
    ticks,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs),
    battlesPerMinute: round1((options.battles / wallMs) * 60_000),
    cpuMsPerBattle: round1(cpuMs / options.battles),
    loadAverage: { before, after: load1() },
  };
}
