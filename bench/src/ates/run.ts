// `npm run bench` (second part) — aTES: shuffle of 10,000 open tasks and accounting's convergence on
// both transports, batched (accounting's settings) beside one message per transaction, and the
// shuffle request beside a per-row baseline; day close of 10,000 accounts beside 1,000.
// Needs the local PostgreSQL (and RabbitMQ for the amqp row); results in bench/results/ates.json.
// BENCH_ATES_TASKS / BENCH_ATES_ACCOUNTS change the sizes; BENCH_ATES_BASELINE=0 skips the
// one-message-per-transaction runs (they take minutes).
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { needsPostgres, needsRabbit } from '@garrison/kit/testing';
import { measureDayClose } from './day-close.js';
import { measureShuffle } from './shuffle.js';

const TASKS = Number(process.env['BENCH_ATES_TASKS'] ?? 10_000);
const ACCOUNTS = Number(process.env['BENCH_ATES_ACCOUNTS'] ?? 10_000);
const WITH_BASELINE = process.env['BENCH_ATES_BASELINE'] !== '0';

if (!(await needsPostgres())) {
  console.log('aTES bench skipped: PostgreSQL is not reachable on 127.0.0.1:5432');
  process.exit(0);
}
const loadBefore = loadavg()[0] ?? 0;
const buses: Array<'pgboss' | 'amqp'> = (await needsRabbit()) ? ['pgboss', 'amqp'] : ['pgboss'];
const shuffles = [];
for (const bus of buses) {
  shuffles.push(await measureShuffle(bus, TASKS));
  if (WITH_BASELINE) shuffles.push(await measureShuffle(bus, TASKS, { oneMessagePerTransaction: true }));
}
const closes = [await measureDayClose(Math.round(ACCOUNTS / 10)), await measureDayClose(ACCOUNTS)];

const results = {
  measuredAt: new Date().toISOString(),
  loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
  shuffles,
  closes,
};
const ms = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`;
console.log('\naTES');
for (const s of shuffles) {
  console.log(
    `shuffle ${s.tasks} tasks on ${s.bus} (${s.batching}): request ${ms(s.shuffleRequestMs)} (per-row baseline ${ms(s.baselinePerRowUpdateMs)}), accounting converged after ${ms(s.convergedMs)}`,
  );
}
for (const c of closes)
  console.log(`day close of ${c.accounts} accounts (${c.positive} paid): ${ms(c.closeMs)}`);
await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
await writeFile(new URL('../../results/ates.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
process.exit(0);
