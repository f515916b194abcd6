import type { BattleProgress } from './battle.js';
import { killProcessGroup } from './stdio-bot.js';
import type { WorkerMessage } from './worker/messages.js';

export class BattleTimeoutError extends Error {
  override readonly name = 'BattleTimeoutError';
}

/** How a task ended for its worker: `answered` leaves the worker reusable, `failed` does not. */
export type TaskOutcome = 'answered' | 'failed';

export interface TaskSpec<T> {
  wallClockMs: number;
  onProgress?: ((progress: BattleProgress) => void) | undefined;
  /** The task's answer out of a worker message, or undefined for any other message. */
  pick: (message: WorkerMessage) => T | undefined;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

export interface TrackedTask {
  /** Feeds one message of the task's worker. */
  onMessage(message: WorkerMessage): void;
  /** The worker died or was lost: the task rejects with `error`. */
  fail(error: Error): void;
}

/**
 * The host side of one task in a worker: its wall-clock kill switch (armed now), the stdio bots it
 * started, its progress and its answer. `onSettled` runs once, before the caller's promise
 * settles; on `failed` the worker must be terminated (a timeout has not stopped it yet).
 */
export function trackTask<T>(spec: TaskSpec<T>, onSettled: (outcome: TaskOutcome) => void): TrackedTask {
  let settled = false;
  // stdio bots are processes of their own: a killed or failed worker would leave them running.
  // (After a normal finish the worker has already closed them.)
  const children = new Set<number>();
  const settle = (outcome: TaskOutcome, done: () => void): void => {
    if (settled) return;
    settled = true;
    clearTimeout(killer);
    onSettled(outcome);
    done();
  };
  const fail = (error: Error): void =>
    settle('failed', () => {
      for (const pid of children) killProcessGroup(pid);
      spec.reject(error);
    });
  const killer = setTimeout(
    () => fail(new BattleTimeoutError(`killed after ${spec.wallClockMs} ms of wall-clock time`)),
    spec.wallClockMs,
  );
  return {
    fail,
    onMessage(message) {
      if (settled) return;
      if (message.type === 'child') {
        children.add(message.pid);
        return;
      }
      if (message.type === 'progress') {
        spec.onProgress?.(message.progress);
        return;
      }
      if (message.type === 'failed') {
        fail(new Error(message.message));
        return;
      }
      const value = spec.pick(message);
      if (value !== undefined) settle('answered', () => spec.resolve(value));
    },
  };
}
