import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerTask } from './messages.js';
import { playTask } from './play-task.js';

// A disposable worker: one task from workerData, then the host terminates it.
await playTask(workerData as WorkerTask, (message) => parentPort?.postMessage(message));
