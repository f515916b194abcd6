import { randomUUID } from 'node:crypto';
import { withTransaction } from '@garrison/kit';
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
import { accountingService } from '../../src/service.js';

const pg = await needsPostgres();

type Who = { id: string; roles: string[] };
const admin: Who = { id: randomUUID(), roles: ['admin'] };
const today = new Date().toISOString().slice(0, 10);

describe.skipIf(!pg)('accounting (real PostgreSQL; users, tasks and accounting on one bus)', () => {
  let accounting: TestService<Database>;
  let tasks: TestService;
  let users: { url: string; stop(): Promise<void> };
  const workers: Who[] = [];
  let manager: Who;

  const api = (svc: { url: string }) => {
    const call = httpClient(svc.url);
    return (method: string, path: string, as: Who, body?: unknown) => call(method, path, { as, body });
  };

  /** Publishes as the tracker would, through its outbox: lets a test send events out of order. */
  const publishAsTracker = (type: string, version: number, data: unknown) =>
    withTransaction(tasks.ctx.db, (tx) => tasks.ctx.bus.publish(tx, { type, version, data }));

  const ledgerOf = (userId: string) =>
    accounting.ctx.db.selectFrom('ledger').selectAll().where('user_id', '=', userId).execute();

  beforeAll(async () => {
    accounting = await startTestService(accountingService);
    const shared = {
      BUS_DATABASE_URL: accounting.env.BUS_DATABASE_URL!,
      BUS_PREFIX: accounting.env.BUS_PREFIX!,
    };
    tasks = await startTestService(tasksService, { env: shared });
    users = await startTestService(usersService, { env: shared });
    for (const login of ['acc.a', 'acc.b']) {
      const res = await api(users)('POST', '/api/users', admin, {
        login,
        displayName: login,
        roles: ['worker'],
      });
      workers.push({ id: res.body.id, roles: ['worker'] });
    }
    const boss = await api(users)('POST', '/api/users', admin, {
      login: 'acc.boss',
      displayName: 'Boss',
      roles: ['manager'],
    });
    manager = { id: boss.body.id, roles: ['manager'] };
    await waitFor(
      async () => (await tasks.ctx.db.selectFrom('accounts').select('id').execute()).length === 3,
    );
  });

  afterAll(async () => {
    await users?.stop();
    await tasks?.stop();
    await accounting?.stop();
  });

  it('when a task is created and completed, then the assignee pays the fee once and earns the reward once', async () => {
    const task = (
      await api(tasks)('POST', '/api/tasks', manager, {
        title: 'Polish beaks',
        jiraId: 'UBERPOP-1',
        description: '',
      })
    ).body;
    const assignee = workers.find((w) => w.id === task.assigneeId)!;
    const priced = await accounting.events.waitFor<{ taskId: string; fee: number; reward: number }>(
      'task.priced',
      (e) => e.data.taskId === task.id,
    );
    expect(priced.data.fee).toBeGreaterThanOrEqual(10);
    expect(priced.data.fee).toBeLessThanOrEqual(20);
    expect(priced.data.reward).toBeGreaterThanOrEqual(20);
    expect(priced.data.reward).toBeLessThanOrEqual(40);
    await api(tasks)('POST', `/api/tasks/${task.id}/complete`, assignee);
    await waitFor(async () =>
      (await ledgerOf(assignee.id)).some((r) => r.type === 'reward' && r.task_id === task.id),
    );

    const me = await api(accounting)('GET', '/api/accounting/me', assignee);
    expect(me.status).toBe(200);
    const mine = me.body.transactions.filter((t: { taskId: string }) => t.taskId === task.id);
    expect(mine).toEqual([
      expect.objectContaining({
        type: 'fee',
        amount: priced.data.fee,
        taskTitle: 'Polish beaks',
        jiraId: 'UBERPOP-1',
      }),
      expect.objectContaining({ type: 'reward', amount: priced.data.reward }),
    ]);
  });

  it('when completion and assignment arrive before creation, and assignment twice, then the ledger is still exact', async () => {
    const worker = workers[0]!;
    const taskId = randomUUID();
    const assignmentId = randomUUID();
    const assigned = {
      assignmentId,
      taskId,
      title: 'Late',
      jiraId: null,
      assigneeId: worker.id,
      previousAssigneeId: null,
      assignedAt: new Date().toISOString(),
    };
    await publishAsTracker('task.completed', 1, {
      taskId,
      title: 'Late',
      jiraId: null,
      assigneeId: worker.id,
      completedAt: new Date().toISOString(),
    });
    await publishAsTracker('task.assigned', 1, assigned);
    await publishAsTracker('task.assigned', 1, assigned); // redelivered by an upstream retry: same assignment
    await publishAsTracker('task.created', 1, {
      id: taskId,
      title: '[UBERPOP-9] Late',
      description: '',
      status: 'open',
      assigneeId: worker.id,
      createdAt: new Date().toISOString(),
    });
    await waitFor(async () => {
      const known = await accounting.ctx.db
        .selectFrom('tasks')
        .selectAll()
        .where('id', '=', taskId)
        .executeTakeFirst();
      const moves = (await ledgerOf(worker.id)).filter((r) => r.task_id === taskId);
      return known?.jira_id === 'UBERPOP-9' && moves.length >= 2;
    });
    const rows = (await ledgerOf(worker.id)).filter((r) => r.task_id === taskId);
    expect(rows.map((r) => r.type).sort()).toEqual(['fee', 'reward']);
    await accounting.events.waitFor<{ taskId: string }>('task.priced', (e) => e.data.taskId === taskId);
    const priced = accounting.events.events.filter(
      (e) => e.type === 'task.priced' && (e.data as { taskId: string }).taskId === taskId,
    );
    expect(priced).toHaveLength(1);
  });

  it('when a later event knows less about a task than an earlier one, then nothing known is erased', async () => {
    const worker = workers[1]!;
    const taskId = randomUUID();
    await publishAsTracker('task.created', 2, {
      id: taskId,
      title: 'Known',
      jiraId: 'UBERPOP-77',
      description: '',
      status: 'open',
      assigneeId: worker.id,
      createdAt: new Date().toISOString(),
    });
    await accounting.events.waitFor<{ taskId: string }>('task.priced', (e) => e.data.taskId === taskId);
    await publishAsTracker('task.completed', 1, {
      taskId,
      title: 'Known',
      jiraId: null,
      assigneeId: worker.id,
      completedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await ledgerOf(worker.id)).some((r) => r.task_id === taskId));
    const known = await accounting.ctx.db
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', taskId)
      .executeTakeFirst();
    expect(known).toMatchObject({ title: 'Known', jira_id: 'UBERPOP-77' });
  });

  it('when a worker asks for someone else’s account or the summary, then 403', async () => {
    expect(
      (await api(accounting)('GET', `/api/accounting/accounts/${workers[1]!.id}`, workers[0]!)).status,
    ).toBe(403);
    expect((await api(accounting)('GET', '/api/accounting/summary', workers[0]!)).status).toBe(403);
    expect((await api(accounting)('GET', '/api/accounting/me?day=23-11-2026', workers[0]!)).status).toBe(400);
  });

  it('when the day closes twice, then positive balances are paid once and balances match management earnings', async () => {
    const accountant: Who = { id: randomUUID(), roles: ['accountant'] };
    const before = (await api(accounting)('GET', '/api/accounting/accounts', accountant)).body
      .items as Array<{ userId: string; balance: number }>;
    const summary = (await api(accounting)('GET', `/api/accounting/summary?day=${today}`, accountant)).body;
    const sum = before.reduce((s, a) => s + a.balance, 0);
    expect(sum).toBe(-summary.managementEarnings);

    const positive = before.filter((a) => a.balance > 0);
    const first = await api(accounting)('POST', `/api/accounting/days/${today}/close`, admin);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      day: today,
      paidAccounts: positive.length,
      totalPaid: positive.reduce((s, a) => s + a.balance, 0),
    });
    const second = await api(accounting)('POST', `/api/accounting/days/${today}/close`, admin);
    expect(second.body).toEqual(first.body);

    const after = (await api(accounting)('GET', '/api/accounting/accounts', accountant)).body.items as Array<{
      userId: string;
      balance: number;
    }>;
    for (const account of after) {
      const was = before.find((b) => b.userId === account.userId)!.balance;
      expect(account.balance).toBe(was > 0 ? 0 : was);
    }
    const payouts = await accounting.ctx.db
      .selectFrom('ledger')
      .select('id')
      .where('type', '=', 'payout')
      .execute();
    expect(payouts).toHaveLength(positive.length);
    if (positive.length > 0) await accounting.events.waitFor('payout.made');
    expect((await api(accounting)('POST', `/api/accounting/days/${today}/close`, workers[0]!)).status).toBe(
      403,
    );
  });

  it('when work happens after the close, then it counts in the next billing day', async () => {
    const task = (await api(tasks)('POST', '/api/tasks', manager, { title: 'After hours', description: '' }))
      .body;
    await waitFor(async () => (await ledgerOf(task.assigneeId)).some((r) => r.task_id === task.id));
    const [row] = await accounting.ctx.db
      .selectFrom('ledger')
      .select((eb) => eb.cast<string>('billing_day', 'text').as('day'))
      .where('task_id', '=', task.id)
      .execute();
    expect(row!.day > today).toBe(true);
  });
});
