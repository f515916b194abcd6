import { randomUUID } from 'node:crypto';
import { createKysely, createPool, sql, withTransaction, type ServiceDefinition } from '@garrison/kit';
import {
  createTestDatabase,
  httpClient,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildDatabase } from '../../src/app/rebuild-database.js';
import { mostExpensive, summaryOf } from '../../src/app/reports.js';
import type { Database } from '../../src/database.js';
import { analyticsService } from '../../src/service.js';

const pg = await needsPostgres();

type Who = { id: string; roles: string[] };
const admin: Who = { id: randomUUID(), roles: ['admin'] };
const DAYS = ['2026-11-20', '2026-11-21'] as const;
/** A stand-in producer: a database with the kit's outbox, publishing as the real service does. */
const producer = (name: string): ServiceDefinition => ({ name, setup: () => ({}) });

describe.skipIf(!pg)('analytics rebuilds its read model from its event log', () => {
  let analytics: TestService<Database>;
  let accounting: TestService;
  let tasks: TestService;
  let published = 0;
  const call = (method: string, path: string, as: Who = admin) =>
    httpClient(analytics.url)(method, path, { as });

  async function publish(from: TestService, type: string, data: object): Promise<void> {
    await withTransaction(from.ctx.db, (tx) =>
      from.ctx.bus.publish(tx, { type, version: type === 'task.created' ? 2 : 1, data }),
    );
    published++;
  }

  /** A task's life as analytics hears it: created, priced, charged, maybe completed on a day. */
  async function playTask(n: number, reward: number, workers: string[], completedOn?: string): Promise<void> {
    const id = randomUUID();
    const title = `Task ${n}`;
    const jiraId = `RB-${n}`;
    await publish(tasks, 'task.created', {
      id,
      title,
      jiraId,
      description: '',
      status: 'open',
      assigneeId: workers[0],
      createdAt: new Date().toISOString(),
    });
    await publish(accounting, 'task.priced', {
      taskId: id,
      fee: 15,
      reward,
      pricedAt: new Date().toISOString(),
    });
    for (const [i, worker] of workers.entries()) {
      await publish(accounting, 'account.transaction-applied', {
        transactionId: randomUUID(),
        userId: worker,
        type: 'fee',
        amount: 15,
        taskId: id,
        taskTitle: title,
        jiraId,
        billingDay: DAYS[i % 2],
        balanceAfter: 0,
        appliedAt: `${DAYS[i % 2]}T10:00:00.000Z`,
      });
    }
    if (completedOn) {
      const last = workers[workers.length - 1]!;
      await publish(tasks, 'task.completed', {
        taskId: id,
        title,
        jiraId,
        assigneeId: last,
        completedAt: `${completedOn}T12:00:00.000Z`,
      });
      await publish(accounting, 'account.transaction-applied', {
        transactionId: randomUUID(),
        userId: last,
        type: 'reward',
        amount: reward,
        taskId: id,
        taskTitle: title,
        jiraId,
        billingDay: completedOn,
        balanceAfter: 0,
        appliedAt: `${completedOn}T12:00:00.000Z`,
      });
    }
  }

  const logged = async () =>
    Number(
      (
        await analytics.ctx.db
          .selectFrom('event_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Every number analytics reports for the played days. */
  async function report(): Promise<unknown> {
    const out: unknown[] = [];
    for (const day of DAYS) out.push((await call('GET', `/api/analytics/summary?day=${day}`)).body);
    for (const by of ['day', 'week', 'month'])
      out.push(
        (await call('GET', `/api/analytics/most-expensive?from=${DAYS[0]}&to=${DAYS[1]}&by=${by}`)).body,
      );
    return out;
  }

  beforeAll(async () => {
    analytics = await startTestService(analyticsService);
    const shared = {
      database: true,
      env: { BUS_DATABASE_URL: analytics.env.BUS_DATABASE_URL!, BUS_PREFIX: analytics.env.BUS_PREFIX! },
    };
    accounting = await startTestService(producer('accounting'), shared);
    tasks = await startTestService(producer('tasks'), shared);

    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await playTask(1, 22, [a, b], DAYS[0]);
    await playTask(2, 39, [c], DAYS[1]);
    await playTask(3, 31, [b, c, a], DAYS[0]);
    await playTask(4, 40, [a]); // the richest task, never completed: never the most expensive
    await playTask(5, 27, [c, b], DAYS[1]);
    await waitFor(async () => (await logged()) === published, {
      timeoutMs: 20_000,
      message: 'every event logged',
    });
  });

  afterAll(async () => {
    await tasks?.stop();
    await accounting?.stop();
    await analytics?.stop();
  });

  it('when the admin rebuilds, then every logged event is re-applied and every report is unchanged', async () => {
    const before = await report();
    expect(
      (before as { periods: { task: { reward: number } }[] }[])[2]!.periods.map((p) => p.task.reward),
    ).toEqual([31, 39]);

    const res = await call('POST', '/api/analytics/rebuild');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ events: published, transactions: 13, tasks: 5 });
    expect(await report()).toEqual(before);
    expect(await logged()).toBe(published);
  });

  it('when the read model was damaged, then a rebuild restores it from the log', async () => {
    const before = await report();
    await sql`DELETE FROM transactions WHERE type = 'reward'`.execute(analytics.ctx.db);
    await sql`UPDATE tasks SET reward = NULL`.execute(analytics.ctx.db);
    expect(await report()).not.toEqual(before);

    expect((await call('POST', '/api/analytics/rebuild')).status).toBe(200);
    expect(await report()).toEqual(before);
  });

  it('when events keep coming after a rebuild, then they are consumed and logged as before', async () => {
    await playTask(6, 38, [randomUUID()], DAYS[0]);
    await waitFor(async () => (await logged()) === published, {
      timeoutMs: 20_000,
      message: 'new events logged',
    });
    const top = await call('GET', `/api/analytics/most-expensive?from=${DAYS[0]}&to=${DAYS[0]}&by=day`);
    expect(top.body.periods[0].task).toMatchObject({ jiraId: 'RB-6', reward: 38 });
    const rebuilt = await call('POST', '/api/analytics/rebuild');
    expect(rebuilt.body.events).toBe(published);
  });

  it('when the projections predate the log, then a rebuild is refused (409) and nothing changes', async () => {
    const before = await report();
    await sql`UPDATE event_log_state SET complete = false`.execute(analytics.ctx.db);
    try {
      const res = await call('POST', '/api/analytics/rebuild');
      expect(res.status).toBe(409);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(await report()).toEqual(before);
    } finally {
      await sql`UPDATE event_log_state SET complete = true`.execute(analytics.ctx.db);
    }
  });

  it('when a fresh, empty analytics database is filled from this one’s log, then it reports the same numbers', async () => {
    const fresh = await createTestDatabase('analytics_fresh');
    const db = createKysely<Database>(createPool(fresh.url, { max: 2 }));
    try {
      const result = await rebuildDatabase(fresh.url, analytics.env.DATABASE_URL!);
      expect(result).toMatchObject({ copied: published, events: published });
      // Copying again adds nothing: the log is keyed by event id.
      expect((await rebuildDatabase(fresh.url, analytics.env.DATABASE_URL!)).copied).toBe(0);

      const reportFrom = async (from: typeof db) => ({
        days: await Promise.all(DAYS.map((day) => summaryOf(from, day))),
        top: await Promise.all(
          (['day', 'week', 'month'] as const).map((by) => mostExpensive(from, DAYS[0], DAYS[1], by)),
        ),
      });
      expect(await reportFrom(db)).toEqual(await reportFrom(analytics.ctx.db));
      expect(await reportFrom(db)).toMatchObject({ days: [{ day: DAYS[0] }, { day: DAYS[1] }] });
    } finally {
      await db.destroy();
      await fresh.drop();
    }
  });

  it('when a non-admin asks for a rebuild, then 403', async () => {
    expect(
      (await call('POST', '/api/analytics/rebuild', { id: randomUUID(), roles: ['accountant'] })).status,
    ).toBe(403);
  });
});
