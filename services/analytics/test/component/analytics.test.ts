import { randomUUID } from 'node:crypto';
import { accountingService } from '@garrison/accounting/service';
import {
  httpClient,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { tasksService } from '@garrison/tasks/service';
import { usersService } from '@garrison/users/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { analyticsService } from '../../src/service.js';

const pg = await needsPostgres();

type Who = { id: string; roles: string[] };
const admin: Who = { id: randomUUID(), roles: ['admin'] };
const today = new Date().toISOString().slice(0, 10);

describe.skipIf(!pg)('analytics agrees with accounting (all aTES services on one bus)', () => {
  let analytics: TestService<Database>;
  let accounting: TestService;
  let tasks: TestService;
  let users: { url: string; stop(): Promise<void> };
  const workers: Who[] = [];
  let manager: Who;
  const as = (svc: { url: string }) => {
    const call = httpClient(svc.url);
    return (method: string, path: string, who: Who, body?: unknown) => call(method, path, { as: who, body });
  };

  beforeAll(async () => {
    analytics = await startTestService(analyticsService);
    const shared = {
      BUS_DATABASE_URL: analytics.env.BUS_DATABASE_URL!,
      BUS_PREFIX: analytics.env.BUS_PREFIX!,
    };
    accounting = await startTestService(accountingService, { env: shared });
    tasks = await startTestService(tasksService, { env: shared });
    users = await startTestService(usersService, { env: shared });
    for (const login of ['an.a', 'an.b', 'an.c']) {
      workers.push({
        id: (await as(users)('POST', '/api/users', admin, { login, displayName: login, roles: ['worker'] }))
          .body.id,
        roles: ['worker'],
      });
    }
    manager = {
      id: (
        await as(users)('POST', '/api/users', admin, {
          login: 'an.boss',
          displayName: 'Boss',
          roles: ['manager'],
        })
      ).body.id,
      roles: ['manager'],
    };
    await waitFor(
      async () => (await tasks.ctx.db.selectFrom('accounts').select('id').execute()).length === 4,
    );

    // a day of work: tasks created, shuffled twice, some completed
    const created = [];
    for (let i = 1; i <= 6; i++) {
      created.push(
        (
          await as(tasks)('POST', '/api/tasks', manager, {
            title: `Job ${i}`,
            jiraId: `UBERPOP-${i}`,
            description: '',
          })
        ).body,
      );
    }
    await as(tasks)('POST', '/api/tasks/shuffle', manager);
    await as(tasks)('POST', '/api/tasks/shuffle', manager);
    const open = (await as(tasks)('GET', '/api/tasks?limit=100', manager)).body.items as Array<{
      id: string;
      assigneeId: string;
    }>;
    for (const task of open.slice(0, 3)) {
      await as(tasks)(
        'POST',
        `/api/tasks/${task.id}/complete`,
        workers.find((w) => w.id === task.assigneeId)!,
      );
    }
    // 6 creations + 12 shuffled assignments → 18 fees; 3 rewards — wait until analytics saw them all
    await waitFor(
      async () => {
        const rows = await analytics.ctx.db.selectFrom('transactions').select('type').execute();
        return (
          rows.filter((r) => r.type === 'fee').length === 18 &&
          rows.filter((r) => r.type === 'reward').length === 3
        );
      },
      { timeoutMs: 20_000 },
    );
    await waitFor(
      async () =>
        (
          await analytics.ctx.db
            .selectFrom('tasks')
            .select('id')
            .where('reward', 'is not', null)
            .where('completed_at', 'is not', null)
            .execute()
        ).length === 3,
    );
  });

  afterAll(async () => {
    await users?.stop();
    await tasks?.stop();
    await accounting?.stop();
    await analytics?.stop();
  });

  it('when asked for today, then earnings equal accounting’s and the negative count matches the balances', async () => {
    const mine = (await as(analytics)('GET', `/api/analytics/summary?day=${today}`, admin)).body;
    const books = (await as(accounting)('GET', `/api/accounting/summary?day=${today}`, admin)).body;
    const accounts = (await as(accounting)('GET', '/api/accounting/accounts', admin)).body.items as Array<{
      balance: number;
    }>;
    expect(mine.managementEarnings).toBe(books.managementEarnings);
    expect(mine.negativeBalanceCount).toBe(accounts.filter((a) => a.balance < 0).length);
    expect(accounts.reduce((s, a) => s + a.balance, 0)).toBe(-books.managementEarnings);
  });

  it('when asked for the most expensive task of today, then it is the highest reward among completed tasks', async () => {
    const rewards = await accounting.ctx.db
      .selectFrom('ledger')
      .select('amount')
      .where('type', '=', 'reward')
      .execute();
    const res = await as(analytics)(
      'GET',
      `/api/analytics/most-expensive?from=${today}&to=${today}&by=day`,
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.periods).toHaveLength(1);
    expect(res.body.periods[0].task.reward).toBe(Math.max(...rewards.map((r) => Number(r.amount))));
    expect(res.body.periods[0].task.jiraId).toMatch(/^UBERPOP-\d$/);
  });

  it('when a non-admin asks, then 403; when the range is reversed, then 400', async () => {
    expect((await as(analytics)('GET', '/api/analytics/summary', manager)).status).toBe(403);
    expect(
      (await as(analytics)('GET', '/api/analytics/most-expensive?from=2026-02-01&to=2026-01-01', admin))
        .status,
    ).toBe(400);
  });
});
