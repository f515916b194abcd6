import { AuthError } from '../domain/errors.js';
import type { PasswordHasher } from '../app/ports.js';

/**
 * At most `concurrency` argon2 computations at once (each takes ~19 MiB and a thread-pool thread),
 * the rest wait their turn in order; past `maxWaiting` a burst is told to come back (503 +
 * Retry-After) instead of piling up memory and holding requests until they time out. Login keeps
 * answering under a flood: the wait is bounded, and throttled attempts never reach this point.
 */
export function boundedHasher(
  inner: PasswordHasher,
  opts: { concurrency: number; maxWaiting: number },
): PasswordHasher {
  let running = 0;
  const waiting: (() => void)[] = [];

  async function withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (running >= opts.concurrency) {
      if (waiting.length >= opts.maxWaiting)
        throw new AuthError('busy', 'Too many logins at once; please try again in a moment', {
          retryAfterSeconds: 1,
        });
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running += 1;
    }
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next)
        next(); // the slot passes straight to the next in line
      else running -= 1;
    }
  }

  return {
    hash: (password) => withSlot(() => inner.hash(password)),
    verify: (hash, password) => withSlot(() => inner.verify(hash, password)),
  };
}
