import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { RULES_VERSION } from '@garrison/game';
import { measureCalls } from './calls.js';
import { measureDuel } from './duel.js';
import { measureEngine } from './engine.js';

// `npm run bench` — engine, sandbox and sandbox-vs-direct side by side, one core, one run.
const MIN_MS = Number(process.env['BENCH_MIN_MS'] ?? 2_000);
const SEEDS = [1, 2, 3, 4, 5];
const TARGET_CALLS_PER_SECOND = 20_000;
const TARGET_DUEL_MS = 2_000;

const engine = await measureEngine(MIN_MS);
const duels = [await measureDuel('spinner', 'tracker', SEEDS), await measureDuel('tracker', 'sniper', SEEDS), await measureDuel('sniper', 'sniper', SEEDS)];
const calls = [await measureCalls('sitting-duck', MIN_MS), await measureCalls('sniper', MIN_MS)];

const results = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  rulesVersion: RULES_VERSION,
  engine,
  duels,
  calls,
  targets: {
    sandboxedCallsPerSecond: { target: TARGET_CALLS_PER_SECOND, met: calls.every((c) => c.callsPerSecond >= TARGET_CALLS_PER_SECOND) },
    duelUnderMs: { target: TARGET_DUEL_MS, met: duels.every((d) => d.sandboxMs < TARGET_DUEL_MS) },
  },
};

const n = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows: Array<[string, string]> = [
  ['engine ticks/s (no bots)', n(engine.ticksPerSecond)],
  ...duels.flatMap((d): Array<[string, string]> => [
    [`duel ${d.pairing}: ticks (mean of ${d.seeds.length} seeds)`, n(d.ticks)],
    [`duel ${d.pairing}: direct ms`, n(d.directMs, 1)],
    [`duel ${d.pairing}: sandbox ms`, n(d.sandboxMs, 1)],
    [`duel ${d.pairing}: sandbox / direct`, `${n(d.sandboxRatio, 1)}×`],
  ]),
  ...calls.map((c): [string, string] => [`sandboxed calls/s (${c.bot})`, `${n(c.callsPerSecond)}  (${n(c.microsecondsPerCall, 1)} µs/call)`]),
  [`target ≥ ${n(TARGET_CALLS_PER_SECOND)} calls/s`, results.targets.sandboxedCallsPerSecond.met ? 'met' : 'MISSED'],
  [`target duel < ${n(TARGET_DUEL_MS)} ms`, results.targets.duelUnderMs.met ? 'met' : 'MISSED'],
];
const width = Math.max(...rows.map(([label]) => label.length));
process.stdout.write(`Garrison bench — ${results.node}, ${results.cpu}\n`);
for (const [label, value] of rows) process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`);

const out = new URL('../results/latest.json', import.meta.url);
await mkdir(new URL('.', out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nwritten to bench/results/latest.json\n`);
