/**
 * The crash-recovery scenario of issue 16 (docs/reliability.md), shared by the pg-boss and the
 * RabbitMQ runs: thousands of tasks, one shuffle, accounting killed with SIGKILL in the middle of
 * the first batch of fees; the launcher restarts it; every fee must be applied exactly once within
 * 30 s of the kill, and while the figure is not final the API must say so (pendingEvents > 0).
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, login, registerAndLogin, type Account } from './api-client.js';
import { createStaff, statementOf } from './ates.js';
import { Books } from './ates-books.js';

/**
 * How long the test waits for every fee after the kill. Tests assert behaviour, not timing: the
 * wait is generous so a slow CI machine does not fail a correct recovery; the time it really took is
 * printed and written up against issue 16's 30 s target in docs/reliability.md.
 */
export const RECOVERY_DEADLINE_MS = Number(process.env.GARRISON_CRASH_DEADLINE_MS ?? 120_000);

export interface CrashRun {
  system: RunningSystem;
  api: ApiClient;
  admin: Account;
  manager: Account;
  accountant: Account;
  books: Books;
  armFile: string;
  scratch: string;
  stop(): Promise<void>;
}

export async function startCrashRun(env: Record<string, string>, failpoint: string): Promise<CrashRun> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-crash-'));
  const armFile = path.join(scratch, 'failpoint-armed');
  const system = await startSystem({
    profile: 'ates',
    buildWeb: false,
    env: {
      GARRISON_RATE_LIMIT: 'off',
      GARRISON_FAILPOINT: failpoint,
      GARRISON_FAILPOINT_ARM_FILE: armFile,
      ...env,
    },
  });
  const api = new ApiClient(system.url);
  const admin = await login(api, 'admin', system.adminPassword);
  const workers = await Promise.all([0, 1, 2].map(() => registerAndLogin(api, 'popug')));
  const manager = await createStaff(api, admin, 'manager', ['manager']);
  const accountant = await createStaff(api, admin, 'accountant', ['accountant']);
  return {
    system,
    api,
    admin,
    manager,
    accountant,
    books: new Books(api, manager, workers),
    armFile,
    scratch,
    async stop() {
      await system.stop();
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Creates `count` tasks, a few at a time (the first waits until the tracker knows a worker). */
export async function createTasks(run: CrashRun, count: number, parallel = 8): Promise<void> {
  await run.books.createTask(0);
  let next = 1;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await run.books.createTask(next++);
    }),
  );
}

interface Summary {
  managementEarnings: number;
  feesDebited: number;
  pendingEvents: number | null;
}

async function summaryOf(run: CrashRun, day: string): Promise<Summary | undefined> {
  const res = await run.api.get(`/api/accounting/summary?day=${day}`, { token: run.accountant.accessToken });
  return res.status === 200 ? (res.body as Summary) : undefined;
}

/** Every fee row on the workers' statements (each assignment is one fee). */
async function feeRows(run: CrashRun, day: string): Promise<number> {
  let n = 0;
  for (const worker of run.books.workers) {
    const statement = await statementOf(run.api, run.accountant, worker.id, day);
    n += statement.transactions.filter((t) => t.type === 'fee').length;
  }
  return n;
}

/** Waits until accounting has applied exactly `fees` fees and says nothing is pending; returns the summary. */
export async function settled(
  run: CrashRun,
  day: string,
  fees: number,
  timeoutMs = 120_000,
): Promise<Summary> {
  return waitFor(
    async () => {
      const summary = await summaryOf(run, day);
      if (!summary || summary.pendingEvents !== 0) return undefined;
      return (await feeRows(run, day)) === fees ? summary : undefined;
    },
    { timeoutMs, intervalMs: 500, message: `accounting applied ${fees} fees` },
  );
}

export interface Recovery {
  /** From the kill until management earnings were final (every fee applied). */
  recoveredMs: number;
  /** From the kill until the restarted accounting answered again. */
  answeringMs: number | null;
  /** Answers after the kill that showed a wrong figure with pendingEvents 0 (passing it off as final). */
  dishonest: number;
  /** Answers after the kill that said "updating…" (pendingEvents > 0). */
  updating: number;
}

/**
 * Arms the failpoint, shuffles, and follows accounting's summary from the kill until the earnings
 * are exactly twice the creation earnings (each task's fee charged once more).
 */
export async function shuffleThroughACrash(
  run: CrashRun,
  day: string,
  creation: Summary,
  tasks: number,
): Promise<Recovery> {
  await fs.writeFile(run.armFile, 'armed by the crash-recovery test\n');
  const shuffled = await run.api.post('/api/tasks/shuffle', undefined, {
    token: run.manager.accessToken,
  });
  expect(shuffled.status).toBe(200);
  expect(shuffled.body).toEqual({ reassigned: tasks });
  await waitFor(() => !existsSync(run.armFile), {
    timeoutMs: 30_000,
    intervalMs: 10,
    message: 'the failpoint fired',
  });
  const killedAt = Date.now();
  // Seen before the summary polling floods the log with gateway lines.
  await waitFor(() => /accounting .*exited unexpectedly \(SIGKILL\)/.test(run.system.logTail(400)), {
    timeoutMs: 20_000,
    intervalMs: 50,
    message: 'the launcher saw accounting die',
  });
  const want = 2 * creation.managementEarnings;
  let dishonest = 0;
  let updating = 0;
  let last: Summary | undefined;
  let answeringAt: number | undefined;
  try {
    await waitFor(
      async () => {
        const summary = await summaryOf(run, day).catch(() => undefined);
        if (!summary) return false; // accounting is restarting
        answeringAt ??= Date.now();
        last = summary;
        if (summary.managementEarnings === want) return true;
        if (summary.pendingEvents === 0) dishonest++;
        else updating++;
        return false;
      },
      {
        timeoutMs: RECOVERY_DEADLINE_MS,
        intervalMs: 100,
        message: 'every fee applied within 30 s of the kill',
      },
    );
  } catch (err) {
    const story = run.system
      .logTail(3000)
      .split('\n')
      .filter((l) => /^\S+ (accounting|launcher)|reclaimed/.test(l))
      .slice(-40)
      .join('\n');
    throw new Error(
      `${(err as Error).message}; last summary ${JSON.stringify(last)} (want ${want}); log:\n${story}`,
      { cause: err },
    );
  }
  const recoveredMs = Date.now() - killedAt;
  const answeringMs = answeringAt === undefined ? null : answeringAt - killedAt;
  return { recoveredMs, answeringMs, dishonest, updating };
}

/**
 * The whole scenario on one transport: accounting killed mid-batch while it charges a shuffle, then
 * every fee applied exactly once, and the summary honest ("updating") until then.
 */
export function describeCrashRecovery(transport: string, env: Record<string, string> | undefined): void {
  const tasks = Number(process.env.GARRISON_CRASH_TASKS ?? 3000);
  describe.skipIf(env === undefined)(
    `crash recovery on ${transport}: accounting killed mid-batch during a shuffle`,
    () => {
      let run: CrashRun | undefined;
      const day = new Date().toISOString().slice(0, 10);

      beforeAll(async () => {
        run = await startCrashRun(env!, 'accounting.after-ledger-insert');
      }, 400_000);

      afterAll(async () => {
        await run?.stop();
      }, 120_000);

      it(`when accounting dies in the middle of charging a shuffle of ${tasks} tasks, then every fee is applied exactly once (the time from the kill is reported against the 30 s target), and until then the summary says it is updating`, async () => {
        await createTasks(run!, tasks);
        const creation = await settled(run!, day, tasks);
        expect(creation.feesDebited).toBe(creation.managementEarnings);

        const recovery = await shuffleThroughACrash(run!, day, creation, tasks);
        console.log(`crash recovery (${transport}, ${tasks} tasks): ${JSON.stringify(recovery)}`);
        expect(recovery.dishonest).toBe(0);

        // Exactly once: one more fee per task, no more, and the earnings exactly doubled.
        const after = await settled(run!, day, 2 * tasks, 30_000);
        expect(after.managementEarnings).toBe(2 * creation.managementEarnings);
      }, 600_000);
    },
  );
}
