import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { isFinal, type PoolReply, type PoolRequest } from './messages.js';
import { playTask } from './play-task.js';

// A pooled worker: plays the tasks the host sends, one at a time (the host sends the next only
// after the last one's answer). Every bot still gets a new QuickJS instance with its own memory
// per battle; what stays warm is this thread's module graph, QuickJS's compiled WebAssembly and
// the bot compile cache.
const port = parentPort!;
port.on('message', ({ id, task }: PoolRequest) => {
  void playTask(task, (message) => {
    const reply: PoolReply = isFinal(message)
      ? { id, message, heapUsedBytes: getHeapStatistics().used_heap_size }
      : { id, message };
    port.postMessage(reply);
  });
});
