/**
 * aTES reliability on RabbitMQ (SPEC 4, 5.2), black-box on the processes the launcher runs, with the
 * databases on the shared PostgreSQL so the test can look at dead letters and the event history:
 * accounting killed in the middle of a handler, a malformed event on its queue, analytics rebuilt
 * from its event log. The broker outage has its own file (ates-reliability-broker.test.ts).
 * The steps run in order and share one system and one day.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { sql, type Kysely } from '@garrison/kit';
import { needsPostgres, needsRabbit, waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, login, registerAndLogin, type Account } from './support/api-client.js';
import { createStaff, statementOf } from './support/ates.js';
import { Books } from './support/ates-books.js';
import { envelope, openSystemDatabase, RawBus } from './support/reliability.js';

const SYSTEM_START_MS = 180_000;
const STEP_MS = 120_000;
const ACCOUNTING_QUEUE = 'accounting.tasks.events';

const pg = await needsPostgres();
const rabbit = await needsRabbit();

describe.skipIf(!pg || !rabbit)(
  'aTES reliability on RabbitMQ: a crash, a poisoned message, a rebuild',
  () => {
    let system: RunningSystem | undefined;
    let api: ApiClient;
    let admin: Account;
    let accountant: Account;
    let books: Books;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const databases: Record<'accounting' | 'analytics', { db: Kysely<any>; close(): Promise<void> }> =
      {} as never;
    let bus: RawBus | undefined;
    let scratch: string;
    let armFile: string;
    const busPrefix = `rel${randomBytes(3).toString('hex')}.`;
    const day = new Date().toISOString().slice(0, 10);

    beforeAll(async () => {
      scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-reliability-'));
      armFile = path.join(scratch, 'failpoint-armed');
      system = await startSystem({
        profile: 'ates',
        buildWeb: false,
        env: {
          GARRISON_RATE_LIMIT: 'off',
          GARRISON_BUS: rabbit!.url,
          GARRISON_POSTGRES_URL: pg!.url,
          BUS_PREFIX: busPrefix,
          // accounting dies inside its next money move once the test creates this file (docs/reliability.md)
          GARRISON_FAILPOINT: 'accounting.after-ledger-insert',
          GARRISON_FAILPOINT_ARM_FILE: armFile,
        },
      });
      api = new ApiClient(system.url);
      admin = await login(api, 'admin', system.adminPassword);
      const workers = await Promise.all([0, 1, 2].map(() => registerAndLogin(api, 'popug')));
      const manager = await createStaff(api, admin, 'manager', ['manager']);
      accountant = await createStaff(api, admin, 'accountant', ['accountant']);
      books = new Books(api, manager, workers);
      databases.accounting = await openSystemDatabase(pg!.url, system, 'accounting');
      databases.analytics = await openSystemDatabase(pg!.url, system, 'analytics');
      bus = await RawBus.open(rabbit!.url, busPrefix);
    }, SYSTEM_START_MS);

    afterAll(async () => {
      await bus?.close();
      await databases.accounting?.close();
      await databases.analytics?.close();
      await system?.stop();
      await fs.rm(scratch, { recursive: true, force: true });
    }, SYSTEM_START_MS);

    it(
      'when accounting is killed in the middle of charging a shuffle and restarted, then every move is charged exactly once',
      async () => {
        for (let n = 1; n <= 4; n++) await books.createTask(n);
        await books.complete((await books.openTasks())[0]!);
        await books.converged(accountant, day);

        await fs.writeFile(armFile, 'armed by ates-reliability.test.ts\n');
        // Three open tasks → three fees charged side by side; the first to insert its ledger row kills
        // the process with its transaction (and the others in flight) uncommitted and unacked.
        expect(await books.shuffle()).toBe(3);
        // Work goes on meanwhile: the tracker does not need accounting.
        await books.createTask(5);
        await books.complete((await books.openTasks())[0]!);

        await waitFor(() => !existsSync(armFile), { timeoutMs: 30_000, message: 'the failpoint fired' });
        await waitFor(() => /accounting .*exited unexpectedly \(SIGKILL\)/.test(system!.logTail(400)), {
          timeoutMs: 20_000,
          message: 'the launcher saw accounting die',
        });
        // The launcher restarts it (loading a service takes a while on a busy machine); the broker
        // redelivers what it had not acked.
        await books.converged(accountant, day, 90_000);

        // Each move was published once too: one account.transaction-applied per ledger row.
        const { rows } = await sql<{ n: string }>`
        SELECT count(*) AS n FROM kit_outbox WHERE type = 'account.transaction-applied'`.execute(
          databases.accounting.db,
        );
        expect(Number(rows[0]!.n)).toBe(books.moves);
      },
      STEP_MS,
    );

    it(
      'when a malformed task.assigned reaches accounting, then it lands in the dead letters with its reason and the next event is applied',
      async () => {
        const worker = books.workers[0]!;
        const poisoned = envelope('tasks', 'task.assigned', 1, {
          assignmentId: randomUUID(),
          taskId: 'not-a-uuid',
          assigneeId: worker.id,
          title: 42,
        });
        const taskId = randomUUID();
        const valid = envelope('tasks', 'task.assigned', 1, {
          assignmentId: randomUUID(),
          taskId,
          title: 'Feed parrot 900',
          jiraId: 'POPUG-900',
          assigneeId: worker.id,
          previousAssigneeId: null,
          assignedAt: new Date().toISOString(),
        });
        await bus!.sendToQueue(ACCOUNTING_QUEUE, poisoned);
        await bus!.sendToQueue(ACCOUNTING_QUEUE, valid);
        books.assignees.set(taskId, [worker.id]);

        const letter = await waitFor(
          async () =>
            (
              await sql<{ consumer: string; reason: string; envelope: unknown }>`
              SELECT consumer, reason, envelope FROM kit_dead_letters WHERE event_id = ${poisoned.id}`.execute(
                databases.accounting.db,
              )
            ).rows[0],
          { timeoutMs: 30_000, message: 'the dead letter' },
        );
        expect(letter.consumer).toBe('accounting');
        expect(letter.reason).toMatch(/^schema: /);
        expect(letter.envelope).toEqual(poisoned);
        // RabbitMQ keeps a copy on the queue's dead-letter queue (put there right after the row), the
        // reason in a header.
        const copy = await waitFor(
          async () =>
            (await bus!.peekHeaders(`${ACCOUNTING_QUEUE}.dlq`)).find((h) => h.messageId === poisoned.id),
          { timeoutMs: 10_000, message: 'the copy on the dead-letter queue' },
        );
        expect(copy['x-garrison-dead-letter-reason']).toBe(letter.reason);

        // The consumer went on: the valid event behind it is charged, and so is new work.
        await books.createTask(6);
        const statements = await books.converged(accountant, day);
        const fee = statements.get(worker.id)!.transactions.find((r) => r.taskId === taskId);
        expect(fee).toMatchObject({ type: 'fee', jiraId: 'POPUG-900', taskTitle: 'Feed parrot 900' });
        const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM kit_dead_letters`.execute(
          databases.accounting.db,
        );
        expect(Number(rows[0]!.n)).toBe(1);
      },
      STEP_MS,
    );

    it(
      'when analytics is rebuilt from its event history, then it reports the same numbers, equal to accounting',
      async () => {
        await books.complete((await books.openTasks())[0]!);
        const statements = await books.converged(accountant, day);
        const books_ = await api.get(`/api/accounting/summary?day=${day}`, { token: accountant.accessToken });
        const negative = [...statements.values()].filter((s) => s.balance < 0).length;
        const rewards = [...statements.values()].flatMap((s) =>
          s.transactions.filter((r) => r.type === 'reward').map((r) => r.amount),
        );

        const report = async () => ({
          summary: (await api.get(`/api/analytics/summary?day=${day}`, { token: admin.accessToken })).body,
          top: await Promise.all(
            ['day', 'week', 'month'].map(
              async (by) =>
                (
                  await api.get(`/api/analytics/most-expensive?from=${day}&to=${day}&by=${by}`, {
                    token: admin.accessToken,
                  })
                ).body,
            ),
          ),
        });
        const before = await waitFor(
          async () => {
            const now = await report();
            expect(now.summary).toEqual({
              day,
              managementEarnings: books_.body.managementEarnings,
              negativeBalanceCount: negative,
              pendingEvents: 0,
            });
            expect(now.top[0].periods[0].task?.reward).toBe(Math.max(...rewards));
            return now;
          },
          { timeoutMs: 30_000, message: 'analytics caught up with accounting' },
        );

        const logged = await sql<{ n: string }>`SELECT count(*) AS n FROM event_log`.execute(
          databases.analytics.db,
        );
        const rebuilt = await api.post('/api/analytics/rebuild', undefined, { token: admin.accessToken });
        expect(rebuilt.status).toBe(200);
        expect(rebuilt.body.events).toBe(Number(logged.rows[0]!.n));
        expect(rebuilt.body.transactions).toBe(books.moves);
        expect(await report()).toEqual(before);

        // A worker's own statement is untouched by any of this.
        const worker = books.workers[0]!;
        expect(await statementOf(api, accountant, worker.id, day)).toEqual(statements.get(worker.id));
      },
      STEP_MS,
    );
  },
);
