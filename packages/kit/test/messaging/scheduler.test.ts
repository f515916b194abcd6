// Cron and one-off jobs on pg-boss: exactly once across instances of a service.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { needsPostgres, createTestDatabase, waitFor, type TestDatabase } from '../../src/testing/index.js';
import { SchedulerConfigError, type JobSpec } from '../../src/messaging/index.js';
import { uuidv7 } from '../../src/messaging/envelope.js';
import { startNode, uniquePrefix, type BusSetup, type TestNode } from './harness.js';

const postgres = await needsPostgres();

describe.skipIf(!postgres)('scheduler', () => {
  let busDatabase: TestDatabase;
  const nodes: TestNode[] = [];
  beforeAll(async () => {
    busDatabase = await createTestDatabase('sched');
  });
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });
  afterAll(async () => {
    await busDatabase?.drop();
  });

  const setup = (): BusSetup => ({
    bus: 'pgboss',
    busDatabaseUrl: busDatabase.url,
    busPrefix: uniquePrefix(),
  });
  const instance = async (bus: BusSetup, jobs: JobSpec[]) => {
    const node = await startNode('kit-test', undefined, bus, { jobs });
    nodes.push(node);
    return node;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('when two instances declare the same cron job, then each tick runs it once', async () => {
    // Stay inside one minute: the tick of '* * * * *' is due at once and pg-boss allows one run per minute.
    if (new Date().getSeconds() > 48) await sleep((61 - new Date().getSeconds()) * 1000);
    const bus = setup();
    const runs: string[] = [];
    const job = (name: string): JobSpec => ({
      name: 'tick',
      cron: '* * * * *',
      tz: 'UTC',
      run: async () => void runs.push(name),
    });
    await instance(bus, [job('i1')]);
    await instance(bus, [job('i2')]);
    await waitFor(async () => runs.length >= 1, { timeoutMs: 8_000 });
    await sleep(3_000); // several more timekeeper rounds on both instances
    expect(runs.length).toBe(1);
  });

  it('when a one-off job is scheduled, then exactly one instance runs it once, with its data, not before its time', async () => {
    const bus = setup();
    const runs: Array<{ by: string; data: unknown; at: number }> = [];
    const job = (by: string): JobSpec => ({
      name: 'remind',
      run: async ({ data }) => void runs.push({ by, data, at: Date.now() }),
    });
    const first = await instance(bus, [job('i1')]);
    await instance(bus, [job('i2')]);
    const due = Date.now() + 800;
    const id = uuidv7();
    await first.messaging.scheduler.runAt('remind', new Date(due), { userId: 'u1' }, { id });
    await first.messaging.scheduler.runAt('remind', new Date(due), { userId: 'u1' }, { id }); // idempotent by id
    await waitFor(async () => runs.length >= 1, { timeoutMs: 8_000 });
    await sleep(1_000);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.data).toEqual({ userId: 'u1' });
    expect(runs[0]!.at).toBeGreaterThanOrEqual(due - 50);
  });

  it('when a job fails, then it is retried as the next attempt', async () => {
    const bus = setup();
    const attempts: number[] = [];
    const node = await instance(bus, [
      {
        name: 'flaky',
        retry: { attempts: 3, baseDelayMs: 50 },
        async run({ attempt }) {
          attempts.push(attempt);
          if (attempt === 1) throw new Error('first try fails');
        },
      },
    ]);
    await node.messaging.scheduler.runAt('flaky', new Date(), {});
    await waitFor(async () => attempts.length >= 2, { timeoutMs: 8_000 });
    expect(attempts).toEqual([1, 2]);
  });

  it('when runAt names a job the service does not have, then it throws', async () => {
    const node = await instance(setup(), [{ name: 'known', run: async () => {} }]);
    await expect(node.messaging.scheduler.runAt('unknown', new Date())).rejects.toThrow(/no such job/);
  });

  it('when jobs are declared without a bus database, then start fails with a config error', async () => {
    const attempt = startNode(
      'kit-test',
      undefined,
      { bus: 'amqp://127.0.0.1:1', busPrefix: 'x.' },
      {
        jobs: [{ name: 'close-day', cron: '59 23 * * *', run: async () => {} }],
      },
    );
    await expect(attempt).rejects.toThrow(SchedulerConfigError);
    await expect(attempt).rejects.toThrow(/set BUS_DATABASE_URL/);
  });
});
