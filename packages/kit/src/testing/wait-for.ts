import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Said in the error when time runs out. */
  message?: string;
}

/**
 * Polls `fn` until it returns a truthy value (which is returned) or time runs out.
 * Exceptions count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  opts: WaitForOptions = {},
): Promise<NonNullable<T>> {
  // Generous: CI machines run every suite at once; a passing condition returns as soon as it holds
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`waitFor: ${opts.message ?? 'condition not met'} within ${timeoutMs} ms${why}`, {
        cause: lastError,
      });
    }
    await sleep(opts.intervalMs ?? 50);
  }
}
