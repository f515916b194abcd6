// The pool worker, plus a way to crash it for the pool tests: a battle with seed 666 exits the
// thread just after the worker has begun it, as a crash would.
import process from 'node:process';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import('../src/worker/pool-worker.ts');
// Added after the worker's own listener, which starts the port: no message arrives before both are on.
parentPort.on('message', ({ task }) => {
  if (task.kind === 'battle' && task.request.seed === 666) process.exit(3);
});
