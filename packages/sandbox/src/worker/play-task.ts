import { runBattle } from '../battle.js';
import { validateInThisThread } from '../validate.js';
import type { WorkerMessage, WorkerTask } from './messages.js';

/** Runs one task in this (worker) thread; its last message is its answer or `failed`. */
export async function playTask(task: WorkerTask, post: (message: WorkerMessage) => void): Promise<void> {
  try {
    if (task.kind === 'battle') {
      const report = await runBattle(
        task.request,
        (progress) => post({ type: 'progress', progress }),
        (pid) => post({ type: 'child', pid }),
      );
      post({ type: 'battle', report });
    } else {
      post({ type: 'validated', result: await validateInThisThread(task.task) });
    }
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
