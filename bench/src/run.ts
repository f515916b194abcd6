import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { BUILTIN_BOTS, RULES_VERSION } from '@garrison/game';
import { measureDuel } from './duel.js';
import { measureEngine } from './engine.js';
import { boundaryRows, measureBoundaries } from './sandbox/measure.js';

// `npm run bench` — engine, sandbox and sandbox-vs-direct side by side, one core, one run.
const MIN_MS = Number(process.env['BENCH_MIN_MS'] ?? 2_000);
const SEEDS = [1, 2, 3, 4, 5];
const TARGET_CALLS_PER_SECOND = 20_000;
const TARGET_DUEL_MS = 2_000;

// Other processes on the machine skew every figure: record the load next to them.
const loadBefore = loadavg()[0] ?? 0;
const engine = await measureEngine(MIN_MS);
const duels = [
  await measureDuel('spinner', 'tracker', SEEDS),
  await measureDuel('tracker', 'sniper', SEEDS),
  await measureDuel('sniper', 'sniper', SEEDS),
];
// sitting-duck does no work: its rate is the boundary's own throughput, the figure the targets are
// about. The others add their own code, interpreted by QuickJS. Each bot runs through the previous
// (JSON) boundary and the current one in alternating slices (bench/src/sandbox/).
const sandboxBoundary = await measureBoundaries(MIN_MS, BUILTIN_BOTS);
const calls = sandboxBoundary.comparisons.map((comparison) => comparison.current);
const boundary = calls[0]!;

const results = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
  rulesVersion: RULES_VERSION,
  engine,
  duels,
  calls,
  sandboxBoundary,
  // Targets are per core, so they are judged on CPU time (robust to other load on the machine).
  targets: {
    sandboxedCallsPerCpuSecond: {
      target: TARGET_CALLS_PER_SECOND,
      measuredWith: boundary.bot,
      met: boundary.callsPerCpuSecond >= TARGET_CALLS_PER_SECOND,
    },
    duelUnderCpuMs: { target: TARGET_DUEL_MS, met: duels.every((d) => d.sandboxCpuMs < TARGET_DUEL_MS) },
    boundarySpeedup: sandboxBoundary.target,
  },
};

const n = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows: Array<[string, string, string]> = [
  ['measure', 'wall clock', 'CPU time'],
  ['engine ticks/s (no bots)', n(engine.ticksPerSecond), n(engine.ticksPerCpuSecond)],
  ...duels.flatMap((d): Array<[string, string, string]> => [
    [
      `duel ${d.pairing} (${n(d.ticks)} ticks, ${d.seeds.length} seeds): direct ms`,
      n(d.directMs, 1),
      n(d.directCpuMs, 1),
    ],
    [`duel ${d.pairing}: sandbox ms`, n(d.sandboxMs, 1), n(d.sandboxCpuMs, 1)],
    [`duel ${d.pairing}: sandbox / direct`, '', `${n(d.sandboxRatio, 1)}×`],
  ]),
  ...calls.map((c): [string, string, string] => [
    `sandboxed calls/s (${c.bot}; ${n(c.microsecondsPerCall, 1)} µs CPU/call)`,
    n(c.callsPerSecond),
    n(c.callsPerCpuSecond),
  ]),
  ...boundaryRows(sandboxBoundary),
  [
    `target boundary ≥ ${sandboxBoundary.target.speedup}× the previous one (${sandboxBoundary.target.measuredWith}, CPU)`,
    '',
    sandboxBoundary.target.met ? 'met' : 'MISSED',
  ],
  [
    `target ≥ ${n(TARGET_CALLS_PER_SECOND)} sandboxed calls/s per core (${boundary.bot})`,
    '',
    results.targets.sandboxedCallsPerCpuSecond.met ? 'met' : 'MISSED',
  ],
  [
    `target 5-round duel < ${n(TARGET_DUEL_MS)} ms on one core`,
    '',
    results.targets.duelUnderCpuMs.met ? 'met' : 'MISSED',
  ],
];
const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
process.stdout.write(`Garrison bench — ${results.node}, ${results.cpu}, ${results.cores} cores\n`);
if (Math.max(results.loadAverage.before, results.loadAverage.after) > results.cores / 2) {
  const { before, after } = results.loadAverage;
  process.stdout.write(
    `(machine busy: load average ${n(before, 1)} → ${n(after, 1)}; wall-clock figures are low)\n`,
  );
}
for (const [label, wall, cpu] of rows) {
  process.stdout.write(
    `  ${label.padEnd(widths[0] ?? 0)}  ${wall.padStart(widths[1] ?? 0)}  ${cpu.padStart(widths[2] ?? 0)}\n`,
  );
}

const out = new URL('../results/latest.json', import.meta.url);
await mkdir(new URL('.', out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nwritten to bench/results/latest.json\n`);
