/**
 * aTES on RabbitMQ with the broker stopped in the middle of the work (SPEC 5.2: nothing is lost when
 * the broker restarts; 5.4: broker down → writes still commit, events wait in the outbox).
 *
 * It stops the machine's RabbitMQ (`rabbitmqctl stop_app`) for a few seconds, which every other test
 * using RabbitMQ would feel: vitest.config.ts runs this file in its own project, after all the others
 * (docs/reliability.md). It runs only where the broker is local and rabbitmqctl works; on CI with
 * rabbitmqctl installed it must run, so a rabbitmqctl that fails there fails the run.
 */
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { sql, type Kysely } from '@garrison/kit';
import { needsPostgres, needsRabbit, waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, login, registerAndLogin, type Account } from './support/api-client.js';
import { createStaff, inboxOf } from './support/ates.js';
import { Books } from './support/ates-books.js';
import { localBrokerControl, openSystemDatabase, type BrokerControl } from './support/reliability.js';

const SYSTEM_START_MS = 180_000;
const STEP_MS = 180_000;

const pg = await needsPostgres();
const rabbit = await needsRabbit();
const access = rabbit ? await localBrokerControl(rabbit.url) : undefined;
if (access && 'unavailable' in access && access.installed && process.env.CI === 'true')
  throw new Error(`CI: rabbitmqctl is installed but cannot control the broker: ${access.unavailable}`);
const skipReason = !pg
  ? 'no PostgreSQL'
  : !rabbit
    ? 'no RabbitMQ'
    : access && 'unavailable' in access
      ? access.unavailable
      : undefined;
if (skipReason) console.warn(`ates-reliability-broker: skipped: ${skipReason}`);
const broker: BrokerControl | undefined = access && 'control' in access ? access.control : undefined;

describe.skipIf(skipReason !== undefined)(
  `aTES on RabbitMQ: the broker stops in the middle of the work${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let system: RunningSystem | undefined;
    let api: ApiClient;
    let admin: Account;
    let accountant: Account;
    let books: Books;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let analytics: { db: Kysely<any>; close(): Promise<void> } | undefined;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let tracker: { db: Kysely<any>; close(): Promise<void> } | undefined;
    let brokerDown = false;
    const day = new Date().toISOString().slice(0, 10);

    beforeAll(async () => {
      system = await startSystem({
        profile: 'ates',
        buildWeb: false,
        env: { GARRISON_RATE_LIMIT: 'off', GARRISON_BUS: rabbit!.url, GARRISON_POSTGRES_URL: pg!.url },
      });
      api = new ApiClient(system.url);
      admin = await login(api, 'admin', system.adminPassword);
      const workers = await Promise.all([0, 1, 2].map(() => registerAndLogin(api, 'popug')));
      const manager = await createStaff(api, admin, 'manager', ['manager']);
      accountant = await createStaff(api, admin, 'accountant', ['accountant']);
      books = new Books(api, manager, workers);
      analytics = await openSystemDatabase(pg!.url, system, 'analytics');
      tracker = await openSystemDatabase(pg!.url, system, 'tasks');
    }, SYSTEM_START_MS);

    afterAll(async () => {
      // Whatever happened, the machine gets its broker back before anything else.
      if (brokerDown) await broker!.start();
      await analytics?.close();
      await tracker?.close();
      await system?.stop();
    }, SYSTEM_START_MS);

    it(
      'when the broker is stopped while tasks are created, completed and shuffled, then started, then every event arrives and balances are exact',
      async () => {
        for (let n = 1; n <= 3; n++) await books.createTask(n);
        await books.complete((await books.openTasks())[0]!);
        await books.converged(accountant, day);

        // The outage: every write answers as usual (state and events commit together in each service's
        // outbox); nothing can be published or consumed until the broker is back.
        let outageMs: number;
        const stopping = performance.now();
        try {
          brokerDown = true;
          await broker!.stop();
          await books.createTask(4);
          await books.createTask(5);
          await books.complete((await books.openTasks())[0]!);
          expect(await books.shuffle()).toBe(3);
          // Nothing got out: two creations (created + assigned each), one completion, three shuffled
          // assignments wait in the tracker's outbox.
          const { rows } = await sql<{ n: string }>`
            SELECT count(*) AS n FROM kit_outbox
             WHERE sent_at IS NULL AND type IN ('task.created', 'task.assigned', 'task.completed')`.execute(
            tracker!.db,
          );
          expect(Number(rows[0]!.n)).toBe(2 * 2 + 1 + 3);
        } finally {
          await broker!.start();
          brokerDown = false;
          outageMs = performance.now() - stopping;
        }
        console.info(`ates-reliability-broker: stop_app → start_app done in ${Math.round(outageMs)} ms`);

        // Accounting: each assignment and completion charged exactly once, balances = sums of rows.
        const statements = await books.converged(accountant, day, 90_000);

        // Analytics: every event it consumes arrived once (its event log is keyed by event id).
        const taskCount = books.assignees.size;
        const expected = {
          'task.created': taskCount,
          'task.priced': taskCount,
          'task.completed': books.completedBy.size,
          'account.transaction-applied': books.moves,
        };
        await waitFor(
          async () => {
            const { rows } = await sql<{ type: string; n: string }>`
              SELECT type, count(*) AS n FROM event_log GROUP BY type`.execute(analytics!.db);
            expect(Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]))).toEqual(expected);
            return true;
          },
          { timeoutMs: 30_000, message: 'analytics received every event' },
        );
        const summary = await api.get(`/api/accounting/summary?day=${day}`, {
          token: accountant.accessToken,
        });
        const seen = await api.get(`/api/analytics/summary?day=${day}`, { token: admin.accessToken });
        expect(seen.body).toEqual({
          day,
          managementEarnings: summary.body.managementEarnings,
          negativeBalanceCount: [...statements.values()].filter((s) => s.balance < 0).length,
          pendingEvents: expect.any(Number),
        });

        // Notifications: one "New task" per assignment, none lost, none doubled.
        for (const worker of books.workers) {
          const assignments = [...books.assignees.values()].flat().filter((id) => id === worker.id).length;
          await waitFor(
            async () => {
              const told = (await inboxOf(api, worker)).filter((n) => n.type === 'task.assigned').length;
              expect(told).toBe(assignments);
              return true;
            },
            { timeoutMs: 30_000, message: `notifications of ${worker.login}` },
          );
        }
      },
      STEP_MS,
    );
  },
);
