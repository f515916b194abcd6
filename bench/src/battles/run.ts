// `npx tsx bench/src/battles/run.ts` — hosted battles per minute per worker and spectator fan-out
// of a live battle, each beside its baseline; results in bench/results/battles.json.
// BENCH_BATTLES picks parts (default "hosted,service,spectators"; service and spectators need the
// local PostgreSQL); BENCH_SPECTATORS the spectator counts (default 1,100,500,1000);
// BENCH_SPECTATOR_WINDOW_MS the measuring window per count (default 15 s).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { needsPostgres } from '@garrison/kit/testing';
import { measureHosted, type HostedResult } from './hosted.js';
import { measureServicePath, type ServicePathResult } from './service-path.js';
import { measureSpectators, type SpectatorResult } from './spectators.js';
import { load1 } from './stats.js';

const PARTS = new Set((process.env['BENCH_BATTLES'] ?? 'hosted,service,spectators').split(','));
const SPECTATORS = (process.env['BENCH_SPECTATORS'] ?? '1,100,500,1000').split(',').map(Number);
const WINDOW_MS = Number(process.env['BENCH_SPECTATOR_WINDOW_MS'] ?? 15_000);
// 0 = as any process; −10 stands in for "a core of its own" on this shared machine (as the live bench).
const PRIORITY = Number(process.env['BENCH_PRIORITY'] ?? 0);
const PAIRING = ['tracker', 'sniper'] as const;
/** Battles per measure: enough for several seconds of work, few enough for a ~1 min part. */
const BATTLES: Record<number, number> = { 5: 16, 1: 24 };

const RESULTS = new URL('../../results/battles.json', import.meta.url);
const pg = await needsPostgres();
const loadBefore = load1();
// A part not run keeps its previous figures (the parts are run one at a time on a shared machine).
const previous = (await readFile(RESULTS, 'utf8').then(JSON.parse, () => ({}))) as Record<string, unknown>;

let hosted: HostedResult[] | undefined;
if (PARTS.has('hosted')) {
  hosted = [];
  for (const rounds of [5, 1]) {
    for (const [runner, concurrency] of [
      ['in-thread runBattle', 1],
      ['runBattleInWorker', 1],
      ['runBattleInWorker', 2],
      ['battle worker pool', 1],
      ['battle worker pool', 2],
    ] as const) {
      process.stderr.write(`hosted: ${runner} ×${concurrency}, ${rounds} round(s)…\n`);
      hosted.push(
        await measureHosted({ runner, concurrency, pairing: PAIRING, rounds, battles: BATTLES[rounds]! }),
      );
    }
  }
}

let service: ServicePathResult[] | undefined;
if (PARTS.has('service') && pg) {
  service = [];
  for (const concurrency of [1, 2]) {
    process.stderr.write(`service path: BATTLE_WORKER_CONCURRENCY=${concurrency}…\n`);
    service.push(await measureServicePath({ concurrency, pairing: PAIRING, rounds: 5, battles: 16 }));
  }
}

let spectators: SpectatorResult[] | undefined;
if (PARTS.has('spectators') && pg) {
  spectators = await measureSpectators({
    counts: SPECTATORS,
    warmupMs: 2000,
    windowMs: WINDOW_MS,
    priority: PRIORITY,
  });
}

const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length };
const stamp = {
  measuredAt: new Date().toISOString(),
  ...machine,
  loadAverage: { before: loadBefore, after: load1() },
};
const results = {
  ...previous,
  ...(hosted ? { hosted: { ...stamp, results: hosted } } : {}),
  ...(service ? { servicePath: { ...stamp, results: service } } : {}),
  ...(spectators
    ? {
        spectators: {
          ...(previous['spectators'] as object | undefined),
          [`priority ${PRIORITY}`]: { ...stamp, windowMs: WINDOW_MS, results: spectators },
        },
      }
    : {}),
};

if (hosted) {
  console.log('\nhosted battles (tracker vs sniper)');
  console.table(
    hosted.map((h) => ({
      runner: h.runner,
      at_once: h.concurrency,
      rounds: h.rounds,
      battles: h.battles,
      'battles/min': h.battlesPerMinute,
      'CPU ms/battle': h.cpuMsPerBattle,
      load: `${h.loadAverage.before}→${h.loadAverage.after}`,
    })),
  );
}
if (service) {
  console.log('\nservice path (POST → battles.run → worker → result), 5 rounds');
  console.table(
    service.map((s) => ({
      workers: s.concurrency,
      battles: `${s.finished}/${s.battles}`,
      'battles/min': s.battlesPerMinute,
      'queued p50/max ms': `${s.queuedMs.p50}/${s.queuedMs.max}`,
      'POST→finished p50/max ms': `${s.doneMs.p50}/${s.doneMs.max}`,
      'CPU ms/battle': Math.round(s.cpuMs / s.battles),
      load: `${s.loadAverage.before}→${s.loadAverage.after}`,
    })),
  );
}
if (spectators) {
  console.log('\nspectators of one live duel at 10 ticks/s');
  console.table(
    spectators.map((s) => ({
      spectators: s.spectators,
      'frames/s': s.framesPerSecond,
      delivered: `${s.delivered}/${s.expected}`,
      'lag p50/p99/max ms': `${s.lagMs.p50}/${s.lagMs.p99}/${s.lagMs.max}`,
      prio: s.priority,
      'fan-out p50/p99 ms': `${s.fanOutMs.p50}/${s.fanOutMs.p99}`,
      'fan-out CPU p50 ms': s.fanOutCpuMs.p50,
      rejections: s.unhandledRejections.count,
      'server CPU': s.serverCpu,
      ELU: s.serverElu,
      'client CPU': s.clientCpu,
      load: `${s.loadAverage.before}→${s.loadAverage.after}`,
    })),
  );
}
await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
await writeFile(RESULTS, JSON.stringify(results, null, 2) + '\n');
process.exit(0);
