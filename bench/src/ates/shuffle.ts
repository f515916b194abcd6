/**
 * aTES shuffle benchmark: 10,000 open tasks, `POST /api/tasks/shuffle`, then the time until
 * accounting has applied every fee. Side by side with a baseline: the same reassignment done the
 * straightforward way (one UPDATE per task), to show what the single-statement shuffle buys.
 * `oneMessagePerTransaction` runs accounting's consumers with batchSize 1 (a transaction per fee, as
 * before batching), to show what handling a batch per transaction buys.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { accountingService } from '@garrison/accounting/service';
import { sql, withTransaction, type Kysely } from '@garrison/kit';
import { identityHeaders, startTestService, waitFor, type TestService } from '@garrison/kit/testing';
import { tasksService } from '@garrison/tasks/service';

export interface ShuffleResult {
  bus: 'pgboss' | 'amqp';
  /** Messages per handler transaction in accounting: its own setting, or 1 for the baseline. */
  batching: 'accounting defaults' | 'one message per transaction';
  tasks: number;
  shuffleRequestMs: number;
  convergedMs: number;
  baselinePerRowUpdateMs: number;
  loadAverage: { before: number; after: number };
}

/** Accounting as it ships, or with every consumer taking one message per transaction. */
function accountingWith(oneMessagePerTransaction: boolean): typeof accountingService {
  if (!oneMessagePerTransaction) return accountingService;
  return {
    ...accountingService,
    setup: async (ctx) => {
      const parts = await accountingService.setup!(ctx);
      return {
        ...parts,
        consumers: parts.consumers?.map((c) => ({ ...c, batchSize: 1, partitionKey: undefined })),
      };
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

async function seed(db: AnyDb, workers: number, tasks: number): Promise<void> {
  await sql`INSERT INTO accounts (id, login, roles, active, updated_at)
            SELECT gen_random_uuid(), 'w' || i, ARRAY['worker'], true, now() FROM generate_series(1, ${workers}) i`.execute(
    db,
  );
  await sql`INSERT INTO tasks (id, title, jira_id, description, status, assignee_id, created_by)
            SELECT gen_random_uuid(), 'Task ' || i, 'UBERPOP-' || i, '', 'open',
                   (SELECT id FROM accounts ORDER BY id LIMIT 1), gen_random_uuid()
              FROM generate_series(1, ${tasks}) i`.execute(db);
}

/** The baseline: read the open tasks, then one UPDATE per task, in one transaction (no events). */
async function perRowShuffle(db: AnyDb): Promise<number> {
  const started = performance.now();
  await withTransaction(db, async (tx) => {
    const workers = (await sql<{ id: string }>`SELECT id FROM accounts WHERE eligible`.execute(tx)).rows;
    const open = (
      await sql<{ id: string }>`SELECT id FROM tasks WHERE status = 'open' FOR UPDATE`.execute(tx)
    ).rows;
    for (const task of open) {
      const worker = workers[Math.floor(Math.random() * workers.length)]!;
      await sql`UPDATE tasks SET assignee_id = ${worker.id} WHERE id = ${task.id}`.execute(tx);
    }
  });
  return performance.now() - started;
}

export async function measureShuffle(
  bus: 'pgboss' | 'amqp',
  taskCount = 10_000,
  { oneMessagePerTransaction = false } = {},
): Promise<ShuffleResult> {
  let tasks: TestService | undefined;
  let accounting: TestService | undefined;
  try {
    accounting = await startTestService(accountingWith(oneMessagePerTransaction), { bus });
    tasks = await startTestService(tasksService, {
      bus,
      env: {
        BUS_PREFIX: accounting.env.BUS_PREFIX!,
        ...(bus === 'pgboss' ? { BUS_DATABASE_URL: accounting.env.BUS_DATABASE_URL! } : {}),
      },
    });
    await seed(tasks.ctx.db, 100, taskCount);
    const baselinePerRowUpdateMs = await perRowShuffle(tasks.ctx.db);

    const loadBefore = loadavg()[0] ?? 0;
    const started = performance.now();
    const res = await fetch(`${tasks.url}/api/tasks/shuffle`, {
      method: 'POST',
      headers: identityHeaders(randomUUID(), ['manager']),
    });
    const shuffleRequestMs = performance.now() - started;
    if (!res.ok) throw new Error(`shuffle answered ${res.status}: ${await res.text()}`);
    const db = accounting.ctx.db as AnyDb;
    await waitFor(
      async () => {
        const { rows } = await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM ledger WHERE type = 'fee'`.execute(db);
        return Number(rows[0]!.n) >= taskCount;
      },
      { timeoutMs: 600_000, intervalMs: 200 },
    );
    const convergedMs = performance.now() - started;
    return {
      bus,
      batching: oneMessagePerTransaction ? 'one message per transaction' : 'accounting defaults',
      tasks: taskCount,
      shuffleRequestMs,
      convergedMs,
      baselinePerRowUpdateMs,
      loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
    };
  } finally {
    await tasks?.stop();
    await accounting?.stop();
  }
}
