/**
 * aTES end to end, black-box through the gateway: one working day of UberPopug on the processes
 * `npm start -- --profile ates` runs (embedded PostgreSQL, the default pg-boss bus; once more on
 * RabbitMQ when one is there). The steps run in order and share the day; each checks what the
 * previous ones made.
 */
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { needsRabbit, waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectProblem, login, registerAndLogin, type Account } from './support/api-client.js';
import {
  allTasks,
  createStaff,
  inboxOf,
  statementOf,
  type LedgerRow,
  type Statement,
  type Task,
} from './support/ates.js';

const SYSTEM_START_MS = 180_000;
const STEP_MS = 60_000;
const CONVERGE = { timeoutMs: 30_000, intervalMs: 250 };
const TASKS = 8;
const SHUFFLES = 3;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The whole day, on the bus `busEnv` selects (none: the embedded default, pg-boss). */
function playADay(busEnv: Record<string, string>): void {
  let system: RunningSystem | undefined;
  let api: ApiClient;
  let admin: Account;
  let manager: Account;
  let accountant: Account;
  let workers: Account[] = [];
  // The day under test: billing days are ISO dates in the configured zone (UTC by default).
  const day = new Date().toISOString().slice(0, 10);

  /** Every assignee each task has had, in order, as the tracker reported it: what accounting must charge. */
  const assignees = new Map<string, string[]>();
  /** Completed task → the worker who completed it: what accounting must reward. */
  const completedBy = new Map<string, string>();
  /** Worker id → their statement once accounting has caught up (before the close). */
  let before = new Map<string, Statement>();

  const workerIds = () => new Set(workers.map((w) => w.id));
  const workerById = (id: string) => {
    const found = workers.find((w) => w.id === id);
    if (!found) throw new Error(`${id} is not one of the workers`);
    return found;
  };

  async function createTask(n: number): Promise<Task> {
    // The tracker learns workers from the user stream: right after registration it may know none yet (409).
    const created = await waitFor(
      async () => {
        const res = await api.post(
          '/api/tasks',
          { title: `Feed parrot ${n}`, jiraId: `POPUG-${n}`, description: 'seeds, not crackers' },
          { token: manager.accessToken },
        );
        if (res.status === 409) return undefined;
        expect(res.status).toBe(201);
        return res.body as Task;
      },
      { timeoutMs: 15_000, message: 'a worker the tracker knows' },
    );
    expect(created).toMatchObject({ title: `Feed parrot ${n}`, jiraId: `POPUG-${n}`, status: 'open' });
    assignees.set(created.id, [created.assigneeId]);
    return created;
  }

  /** Shuffles and records every new assignment; returns the tasks that moved, with their previous assignee. */
  async function shuffle(): Promise<{ task: Task; previous: string }[]> {
    const board = await allTasks(api, manager);
    const res = await api.post('/api/tasks/shuffle', undefined, { token: manager.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reassigned: board.filter((t) => t.status === 'open').length });
    const after = new Map((await allTasks(api, manager)).map((t) => [t.id, t]));
    const moved: { task: Task; previous: string }[] = [];
    for (const task of board) {
      const now = after.get(task.id)!;
      if (task.status === 'done') {
        expect(now.assigneeId, 'a done task is never reassigned').toBe(task.assigneeId);
        continue;
      }
      assignees.get(task.id)!.push(now.assigneeId);
      if (now.assigneeId !== task.assigneeId) moved.push({ task: now, previous: task.assigneeId });
    }
    return moved;
  }

  async function complete(task: Task): Promise<void> {
    const worker = workerById(task.assigneeId);
    const res = await api.post(`/api/tasks/${task.id}/complete`, undefined, { token: worker.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: task.id, status: 'done', assigneeId: worker.id });
    completedBy.set(task.id, worker.id);
  }

  /** "fee:<task>" / "reward:<task>" → how many rows a worker must have. */
  function expectedRows(workerId: string): Map<string, number> {
    const rows = new Map<string, number>();
    for (const [taskId, list] of assignees) {
      const n = list.filter((id) => id === workerId).length;
      if (n > 0) rows.set(`fee:${taskId}`, n);
    }
    for (const [taskId, by] of completedBy) if (by === workerId) rows.set(`reward:${taskId}`, 1);
    return rows;
  }

  function actualRows(rows: LedgerRow[]): Map<string, number> {
    const counted = new Map<string, number>();
    for (const row of rows.filter((r) => r.type !== 'payout')) {
      const key = `${row.type}:${row.taskId}`;
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    return counted;
  }

  /** Waits until every worker's ledger holds exactly the moves the tracker made: no more, no fewer. */
  async function accountingConverged(): Promise<Map<string, Statement>> {
    return waitFor(
      async () => {
        const statements = new Map<string, Statement>();
        for (const worker of workers) {
          const statement = await statementOf(api, accountant, worker.id, day);
          const want = [...expectedRows(worker.id)].sort();
          const got = [...actualRows(statement.transactions)].sort();
          if (JSON.stringify(got) !== JSON.stringify(want))
            throw new Error(
              `${worker.login}: ledger ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
            );
          statements.set(worker.id, statement);
        }
        return statements;
      },
      { ...CONVERGE, message: 'accounting converged' },
    );
  }

  beforeAll(async () => {
    // Many polls from one test client: the rate limit is the platform test's subject, not this one's.
    system = await startSystem({
      profile: 'ates',
      buildWeb: false,
      env: { GARRISON_RATE_LIMIT: 'off', ...busEnv },
    });
    api = new ApiClient(system.url);
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
  }, SYSTEM_START_MS);

  it('when three popugs register and the admin creates a manager and an accountant, then each logs in with their roles', async () => {
    workers = await Promise.all([0, 1, 2].map(() => registerAndLogin(api, 'popug')));
    admin = await login(api, 'admin', system!.adminPassword);
    // The manager is a worker too: the tracker must still never give a manager a task.
    manager = await createStaff(api, admin, 'manager', ['manager', 'worker']);
    accountant = await createStaff(api, admin, 'accountant', ['accountant']);
    const roles = async (account: Account) =>
      [...((await api.get('/api/users/me', { token: account.accessToken })).body.roles as string[])].sort();
    expect(await roles(manager)).toEqual(['manager', 'worker']);
    expect(await roles(accountant)).toEqual(['accountant']);
    expect(await roles(workers[0]!)).toEqual(['player', 'worker']);
  });

  it(
    'when the manager creates tasks, then each is open and assigned to a popug, never to the manager',
    async () => {
      for (let n = 1; n < TASKS; n++) await createTask(n);
      // The old form with the jira id in the title is still accepted and split.
      const legacy = await api.post(
        '/api/v1/tasks',
        { title: `[POPUG-${TASKS}] Feed parrot ${TASKS}` },
        { token: manager.accessToken },
      );
      expect(legacy.status).toBe(201);
      expect(legacy.body).toMatchObject({ title: `Feed parrot ${TASKS}`, jiraId: `POPUG-${TASKS}` });
      assignees.set(legacy.body.id, [legacy.body.assigneeId]);

      const board = await allTasks(api, manager);
      expect(board).toHaveLength(TASKS);
      for (const task of board) {
        expect(task.status).toBe('open');
        expect(workerIds().has(task.assigneeId)).toBe(true);
      }
    },
    STEP_MS,
  );

  it(
    'when the manager shuffles three times while popugs complete tasks, then only the current assignee completes',
    async () => {
      let moved = await shuffle();
      // Moving nothing among 8 tasks and 3 workers is a 1-in-6561 chance; shuffle again rather than flake.
      for (let extra = 0; moved.length === 0 && extra < 3; extra++) moved = await shuffle();
      const { task: movedTask, previous } = moved[0]!;
      const refused = await api.post(`/api/tasks/${movedTask.id}/complete`, undefined, {
        token: workerById(previous).accessToken,
      });
      expectProblem(refused, 403);
      expect((await api.get(`/api/tasks/${movedTask.id}`, { token: manager.accessToken })).body.status).toBe(
        'open',
      );
      await complete(movedTask);

      // Completing a done task again is a no-op: same answer, no second reward (checked in the ledger).
      const again = await api.post(`/api/tasks/${movedTask.id}/complete`, undefined, {
        token: workerById(movedTask.assigneeId).accessToken,
      });
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('done');

      for (let round = 2; round <= SHUFFLES; round++) {
        await shuffle();
        const open = await allTasks(api, manager, 'open');
        for (const task of open.slice(0, 2)) await complete(task);
      }

      const board = await allTasks(api, manager);
      expect(board.filter((t) => t.status === 'done')).toHaveLength(completedBy.size);
      // Every open task has a popug assignee (never the manager, the accountant or the admin).
      for (const task of board.filter((t) => t.status === 'open')) {
        expect(workerIds().has(task.assigneeId)).toBe(true);
      }
    },
    STEP_MS,
  );

  it(
    'when accounting has caught up, then every move is charged once, fees are in [10, 20], rewards in [20, 40], and a task is never re-priced',
    async () => {
      before = await accountingConverged();
      // The close must have someone to pay: a task done by its first assignee nets reward − fee ≥ 0,
      // and on average +15; add such tasks until a popug is in the black.
      for (let n = TASKS + 1; ![...before.values()].some((s) => s.balance > 0); n++) {
        expect(n, 'a popug with a positive balance').toBeLessThan(TASKS + 20);
        await complete(await createTask(n));
        before = await accountingConverged();
      }

      const rows = [...before.values()].flatMap((s) => s.transactions);
      const feesByTask = new Map<string, number[]>();
      for (const row of rows) {
        if (row.type === 'fee')
          feesByTask.set(row.taskId!, [...(feesByTask.get(row.taskId!) ?? []), row.amount]);
        if (row.type === 'reward') {
          expect(row.amount).toBeGreaterThanOrEqual(20);
          expect(row.amount).toBeLessThanOrEqual(40);
        }
        expect(row.type).not.toBe('payout');
      }
      expect(feesByTask.size).toBe(assignees.size);
      for (const [taskId, fees] of feesByTask) {
        expect(fees.length).toBe(assignees.get(taskId)!.length);
        expect(new Set(fees).size, `one price for task ${taskId}`).toBe(1);
        expect(fees[0]).toBeGreaterThanOrEqual(10);
        expect(fees[0]).toBeLessThanOrEqual(20);
      }
      // Shuffled tasks were charged once per assignment: 1 + one per shuffle they were open for.
      expect(Math.max(...[...feesByTask.values()].map((f) => f.length))).toBeGreaterThanOrEqual(1 + SHUFFLES);

      // The audit log names the task; the balance is exactly the rows' sum.
      for (const statement of before.values()) {
        for (const row of statement.transactions) {
          expect(row.jiraId).toMatch(/^POPUG-\d+$/);
          expect(row.taskTitle).toBe(`Feed parrot ${row.jiraId!.slice('POPUG-'.length)}`);
        }
        const moves = statement.transactions.map((r) => (r.type === 'reward' ? r.amount : -r.amount));
        expect(statement.balance).toBe(sum(moves));
      }
    },
    STEP_MS,
  );

  it(
    'when the books are read, then Σ popug balances = −management earnings, and analytics equals accounting with the right negative count',
    async () => {
      const balances = [...before.values()].map((s) => s.balance);
      const rows = [...before.values()].flatMap((s) => s.transactions);
      const fees = sum(rows.filter((r) => r.type === 'fee').map((r) => r.amount));
      const rewards = sum(rows.filter((r) => r.type === 'reward').map((r) => r.amount));

      const summary = await api.get(`/api/accounting/summary?day=${day}`, { token: accountant.accessToken });
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({
        day,
        managementEarnings: fees - rewards,
        feesDebited: fees,
        rewardsCredited: rewards,
        paidOut: 0,
        pendingEvents: expect.any(Number),
      });
      expect(sum(balances)).toBe(-summary.body.managementEarnings);

      const accounts = await api.get('/api/accounting/accounts', { token: accountant.accessToken });
      expect(accounts.status).toBe(200);
      const listed = new Map(
        (accounts.body.items as { userId: string; balance: number }[]).map((a) => [a.userId, a.balance]),
      );
      for (const worker of workers) expect(listed.get(worker.id)).toBe(before.get(worker.id)!.balance);
      // Nobody but the popugs was ever charged.
      for (const [userId, balance] of listed) if (!workerIds().has(userId)) expect(balance).toBe(0);

      const negative = balances.filter((b) => b < 0).length;
      await waitFor(
        async () => {
          const analytics = await api.get(`/api/analytics/summary?day=${day}`, { token: admin.accessToken });
          expect(analytics.body).toEqual({
            day,
            managementEarnings: fees - rewards,
            negativeBalanceCount: negative,
            pendingEvents: 0,
          });
          return true;
        },
        { ...CONVERGE, message: 'analytics equal to accounting' },
      );

      const topReward = Math.max(...rows.filter((r) => r.type === 'reward').map((r) => r.amount));
      await waitFor(
        async () => {
          const top = await api.get(`/api/analytics/most-expensive?from=${day}&to=${day}&by=day`, {
            token: admin.accessToken,
          });
          expect(top.body.periods).toHaveLength(1);
          const task = top.body.periods[0].task;
          expect(task?.reward).toBe(topReward);
          expect(completedBy.has(task.id)).toBe(true);
          return true;
        },
        { ...CONVERGE, message: 'the most expensive task of the day' },
      );
    },
    STEP_MS,
  );

  it('when a popug looks around, then they see only their own tasks and account; only admins see analytics', async () => {
    const board = await allTasks(api, manager);
    for (const worker of workers) {
      const mine = await api.get('/api/tasks/mine?limit=500', { token: worker.accessToken });
      expect(mine.status).toBe(200);
      const ids = (mine.body.items as Task[]).map((t) => t.id).sort();
      expect(ids).toEqual(
        board
          .filter((t) => t.assigneeId === worker.id)
          .map((t) => t.id)
          .sort(),
      );

      const me = await api.get(`/api/accounting/me?day=${day}`, { token: worker.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ ...before.get(worker.id), pendingEvents: expect.any(Number) });
    }
    const [popug, other] = workers as [Account, Account];
    expectProblem(await api.get('/api/tasks', { token: popug.accessToken }), 403);
    expectProblem(await api.post('/api/tasks/shuffle', undefined, { token: popug.accessToken }), 403);
    expectProblem(await api.get(`/api/accounting/accounts/${other.id}`, { token: popug.accessToken }), 403);
    expectProblem(await api.get('/api/accounting/accounts', { token: popug.accessToken }), 403);
    expectProblem(await api.get('/api/accounting/summary', { token: popug.accessToken }), 403);
    expectProblem(
      await api.post(`/api/accounting/days/${day}/close`, undefined, { token: accountant.accessToken }),
      403,
    );
    for (const outsider of [popug, manager, accountant]) {
      expectProblem(await api.get(`/api/analytics/summary?day=${day}`, { token: outsider.accessToken }), 403);
    }
  });

  it(
    'when the admin closes the day twice, then every positive balance is paid once, the rest carried, and each payee gets the payout email',
    async () => {
      const positive = workers.filter((w) => before.get(w.id)!.balance > 0);
      const expected = {
        day,
        paidAccounts: positive.length,
        totalPaid: sum(positive.map((w) => before.get(w.id)!.balance)),
      };
      const close = () =>
        api.post(`/api/accounting/days/${day}/close`, undefined, { token: admin.accessToken });
      const first = await close();
      expect(first.status).toBe(200);
      expect(first.body).toEqual(expected);
      const second = await close();
      expect(second.status).toBe(200);
      expect(second.body).toEqual(expected);

      for (const worker of workers) {
        const was = before.get(worker.id)!.balance;
        const after = await statementOf(api, accountant, worker.id, day);
        const payouts = after.transactions.filter((r) => r.type === 'payout');
        expect(payouts.map((p) => p.amount)).toEqual(was > 0 ? [was] : []);
        expect(after.balance).toBe(was > 0 ? 0 : was);
      }
      const summary = await api.get(`/api/accounting/summary?day=${day}`, { token: accountant.accessToken });
      expect(summary.body.paidOut).toBe(expected.totalPaid);
      // Payouts are not earnings: the day's management earnings are unchanged.
      expect(summary.body.managementEarnings).toBe(-sum([...before.values()].map((s) => s.balance)));

      for (const worker of workers) {
        const was = before.get(worker.id)!.balance;
        const assignments = [...assignees.values()].flat().filter((id) => id === worker.id).length;
        const inbox = await waitFor(
          async () => {
            const items = await inboxOf(api, worker);
            const told = items.filter((n) => n.type === 'task.assigned').length;
            const paid = items.some((n) => n.type === 'payout.made');
            return told >= assignments && (was <= 0 || paid) ? items : undefined;
          },
          { ...CONVERGE, message: `notifications of ${worker.login}` },
        );
        // Exactly one "New task" per assignment (a shuffle drawing the same popug again tells again).
        const told = inbox.filter((n) => n.type === 'task.assigned');
        expect(told).toHaveLength(assignments);
        for (const n of told) expect(n.title).toMatch(/^New task: POPUG-\d+ Feed parrot \d+$/);
        const paid = inbox.filter((n) => n.type === 'payout.made').map((n) => n.title);
        expect(paid).toEqual(was > 0 ? [`Payout: ${was} for ${day}`] : []);
      }
    },
    STEP_MS,
  );
}

describe('aTES: a working day through the gateway (embedded PostgreSQL, pg-boss bus)', () => playADay({}));

const rabbit = await needsRabbit();

describe.skipIf(!rabbit)('aTES: a working day through the gateway on RabbitMQ', () =>
  playADay({ GARRISON_BUS: rabbit!.url }),
);
