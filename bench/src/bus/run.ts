// `npm run bench:bus` — events/s through the kit (outbox in the business transaction → relay →
// broker → consumer with inbox dedupe → ack) beside the raw client library moving the same messages
// with the same durability, on RabbitMQ and on pg-boss, in one run. Results: bench/results/bus.json.
// BENCH_BUS_EVENTS sets the count (default 20,000), BENCH_BUS_ROUNDS the rounds (default 3).
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { needsPostgres, needsRabbit } from '@garrison/kit/testing';
import { kitPath } from './kit-path.js';
import { rawAmqp, rawPgBoss } from './raw-paths.js';
import type { BusRun } from './types.js';

const EVENTS = Number(process.env['BENCH_BUS_EVENTS'] ?? 20_000);
const AMQP_URL = process.env['GARRISON_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const ROUNDS = Number(process.env['BENCH_BUS_ROUNDS'] ?? 3);
const TARGET_RATIO = 0.5;

if (!(await needsPostgres())) {
  console.log('bus bench skipped: PostgreSQL is not reachable on 127.0.0.1:5432');
  process.exit(0);
}
const buses: Array<'amqp' | 'pgboss'> = (await needsRabbit()) ? ['amqp', 'pgboss'] : ['pgboss'];
const loadBefore = loadavg()[0] ?? 0;
const runs: BusRun[] = [];
const show = (r: BusRun) =>
  console.log(
    `${r.bus.padEnd(6)} ${r.path.padEnd(3)}: ${r.events} events in ${Math.round(r.ms)} ms = ${Math.round(r.eventsPerSecond)}/s, lost ${r.lost}`,
  );
// Rounds alternate raw and kit, so drift in the machine's load hits both alike; medians are compared.
for (let round = 0; round < ROUNDS; round++) {
  for (const bus of buses) {
    const raw = bus === 'amqp' ? await rawAmqp(AMQP_URL, EVENTS) : await rawPgBoss(EVENTS);
    show(raw);
    const kit = await kitPath({ bus, amqpUrl: AMQP_URL, events: EVENTS, perTransaction: 50 });
    show(kit);
    runs.push(raw, kit);
  }
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ratios = buses.map((bus) => {
  const rate = (path: 'raw' | 'kit') =>
    median(runs.filter((r) => r.bus === bus && r.path === path).map((r) => r.eventsPerSecond));
  const lost = runs.filter((r) => r.bus === bus).reduce((sum, r) => sum + r.lost, 0);
  const ratio = rate('kit') / rate('raw');
  console.log(
    `${bus}: kit / raw = ${ratio.toFixed(2)}× (medians of ${ROUNDS}: ${Math.round(rate('kit'))} / ${Math.round(rate('raw'))} events/s; target ≥ ${TARGET_RATIO}×)`,
  );
  return { bus, ratio, lost, met: ratio >= TARGET_RATIO && lost === 0 };
});
await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('../../results/bus.json', import.meta.url),
  JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      loadAverage: { before: loadBefore, after: loadavg()[0] },
      events: EVENTS,
      rounds: ROUNDS,
      runs,
      ratios,
    },
    null,
    2,
  ) + '\n',
);
process.exit(0);
