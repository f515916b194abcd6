/**
 * A little aTES day: a manager (made by the admin, since only admins give roles) puts a few tasks on
 * the board, they go to random workers (the demo players are workers by default) and one is done.
 */
import { poll, type DemoApi } from './api.js';
import type { DemoAccount } from './accounts.js';

const TASKS = [
  { title: 'Feed the parrots', jiraId: 'DEMO-1', description: 'Seeds, not crackers.' },
  { title: 'Clean the perches', jiraId: 'DEMO-2', description: 'All of them, this time.' },
  { title: 'Count the feathers', jiraId: 'DEMO-3', description: 'Roughly is fine.' },
];

interface Task {
  id: string;
  jiraId: string | null;
  status: 'open' | 'done';
  assigneeId: string;
}

/** Returns how many tasks this run created (0 when an earlier run did it). */
export async function ensureAtesDay(
  api: DemoApi,
  manager: DemoAccount,
  workers: readonly DemoAccount[],
  signal?: AbortSignal,
): Promise<number> {
  const board = await api.get<{ items: Task[] }>('/api/tasks?limit=500', manager.token);
  if (board.items.some((t) => t.jiraId?.startsWith('DEMO-'))) return 0;

  const created: Task[] = [];
  for (const task of TASKS) {
    // the tracker learns workers from the user stream: right after registration it may know none (409)
    const made = await poll(
      async () => {
        const answer = await api.send<Task>('POST', '/api/tasks', task, manager.token);
        if (answer.status === 201) return answer.body;
        if (answer.status === 409) return undefined;
        throw new Error(`POST /api/tasks answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      },
      { timeoutMs: 30_000, intervalMs: 500, ...(signal ? { signal } : {}) },
    );
    if (!made) throw new Error('the task tracker knew no worker within 30 s');
    created.push(made);
  }
  // a task that went to one of the demo's own workers can be completed by them
  for (const task of created) {
    const assignee = workers.find((w) => w.id === task.assigneeId);
    if (!assignee) continue;
    await api.call('POST', `/api/tasks/${task.id}/complete`, { token: assignee.token });
    break;
  }
  return created.length;
}
