import { parentPort, workerData } from 'node:worker_threads';
import { runBattle } from '../battle.js';
import { validateInThisThread } from '../validate.js';
import type { WorkerMessage, WorkerTask } from './messages.js';

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

async function main(task: WorkerTask): Promise<void> {
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

await main(workerData as WorkerTask);
