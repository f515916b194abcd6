import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { BUILTIN_BOTS } from '@garrison/game';
import { boundaryRows, measureBoundaries } from './measure.js';

// `npm run bench:sandbox` — only the sandbox boundary, previous vs current, interleaved in one run
// (`npm run bench` runs the same measurement among the others). BENCH_MIN_MS: time per side and
// bot (default 2000); BENCH_BOTS: comma-separated reference bots (default all, sitting-duck first).
const MIN_MS = Number(process.env['BENCH_MIN_MS'] ?? 2_000);
const bots = process.env['BENCH_BOTS']?.split(',').filter(Boolean) ?? [...BUILTIN_BOTS];

const boundary = await measureBoundaries(MIN_MS, bots);
const results = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  minMsPerSide: MIN_MS,
  ...boundary,
};
process.stdout.write(
  `Sandbox boundary — ${results.node}, ${results.cpu}, ${results.cores} cores, load average ${boundary.loadAverage.before.toFixed(1)} → ${boundary.loadAverage.after.toFixed(1)}\n`,
);
process.stdout.write('  measure | wall clock | CPU time\n');
for (const row of boundaryRows(boundary)) process.stdout.write(`  ${row.join(' | ')}\n`);
process.stdout.write(
  `  target ≥ ${boundary.target.speedup}× (${boundary.target.measuredWith}, CPU time): ${boundary.target.met ? 'met' : 'MISSED'}\n`,
);
const out = new URL('../../results/sandbox.json', import.meta.url);
await mkdir(new URL('.', out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write('written to bench/results/sandbox.json\n');
