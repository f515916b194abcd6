/**
 * What accounting must have booked, kept by a black-box test from what the tracker answered: every
 * assignment is one fee for its assignee, every completion one reward. `converged()` waits until each
 * worker's ledger holds exactly those moves — a missing event and a double charge both fail it.
 */
import { waitFor } from '@garrison/kit/testing';
import { expect } from 'vitest';
import type { Account, ApiClient } from './api-client.js';
import { allTasks, statementOf, type LedgerRow, type Statement, type Task } from './ates.js';

export class Books {
  /** Task → every assignee it has had, in order (creation, then each shuffle). */
  readonly assignees = new Map<string, string[]>();
  /** Task → the worker who completed it. */
  readonly completedBy = new Map<string, string>();

  constructor(
    private readonly api: ApiClient,
    private readonly manager: Account,
    readonly workers: Account[],
  ) {}

  worker(id: string): Account {
    const found = this.workers.find((w) => w.id === id);
    if (!found) throw new Error(`${id} is not one of the workers`);
    return found;
  }

  /** Creates a task as the manager (waiting until the tracker knows a worker) and books its first fee. */
  async createTask(n: number): Promise<Task> {
    const task = await waitFor(
      async () => {
        const res = await this.api.post(
          '/api/tasks',
          { title: `Feed parrot ${n}`, jiraId: `POPUG-${n}`, description: 'seeds' },
          { token: this.manager.accessToken },
        );
        if (res.status === 409) return undefined;
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body as Task;
      },
      { timeoutMs: 15_000, message: 'a worker the tracker knows' },
    );
    this.assignees.set(task.id, [task.assigneeId]);
    return task;
  }

  /** Shuffles and books one fee per open task for its new assignee. Returns how many were reassigned. */
  async shuffle(): Promise<number> {
    const res = await this.api.post('/api/tasks/shuffle', undefined, { token: this.manager.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const open = await allTasks(this.api, this.manager, 'open');
    expect(res.body).toEqual({ reassigned: open.length });
    for (const task of open) this.assignees.get(task.id)!.push(task.assigneeId);
    return open.length;
  }

  /** The current assignee completes the task; books its reward. */
  async complete(task: Task): Promise<void> {
    const worker = this.worker(task.assigneeId);
    const res = await this.api.post(`/api/tasks/${task.id}/complete`, undefined, {
      token: worker.accessToken,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    this.completedBy.set(task.id, worker.id);
  }

  openTasks(): Promise<Task[]> {
    return allTasks(this.api, this.manager, 'open');
  }

  /** "fee:<task>" / "reward:<task>" → how many rows the worker must have. */
  expectedRows(workerId: string): Map<string, number> {
    const rows = new Map<string, number>();
    for (const [taskId, list] of this.assignees) {
      const n = list.filter((id) => id === workerId).length;
      if (n > 0) rows.set(`fee:${taskId}`, n);
    }
    for (const [taskId, by] of this.completedBy) if (by === workerId) rows.set(`reward:${taskId}`, 1);
    return rows;
  }

  /** How many account.transaction-applied events accounting must have published (payouts aside). */
  get moves(): number {
    return [...this.assignees.values()].flat().length + this.completedBy.size;
  }

  /**
   * Waits until every worker's ledger (as the accountant reads it) has exactly the booked moves and
   * a balance equal to their sum; returns the statements.
   */
  async converged(accountant: Account, day: string, timeoutMs = 60_000): Promise<Map<string, Statement>> {
    return waitFor(
      async () => {
        const statements = new Map<string, Statement>();
        for (const worker of this.workers) {
          const statement = await statementOf(this.api, accountant, worker.id, day);
          const want = JSON.stringify([...this.expectedRows(worker.id)].sort());
          const got = JSON.stringify([...countRows(statement.transactions)].sort());
          if (got !== want) throw new Error(`${worker.login}: ledger ${got}, expected ${want}`);
          const moves = statement.transactions.map((r) => (r.type === 'reward' ? r.amount : -r.amount));
          if (statement.balance !== moves.reduce((a, b) => a + b, 0))
            throw new Error(`${worker.login}: balance ${statement.balance} is not the sum of ${moves}`);
          statements.set(worker.id, statement);
        }
        return statements;
      },
      { timeoutMs, intervalMs: 250, message: 'accounting converged' },
    );
  }
}

function countRows(rows: LedgerRow[]): Map<string, number> {
  const counted = new Map<string, number>();
  for (const row of rows.filter((r) => r.type !== 'payout')) {
    const key = `${row.type}:${row.taskId}`;
    counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  return counted;
}
