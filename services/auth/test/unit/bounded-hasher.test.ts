import { describe, expect, it } from 'vitest';
import { boundedHasher } from '../../src/adapters/bounded-hasher.js';
import { AuthError } from '../../src/domain/errors.js';
import type { PasswordHasher } from '../../src/app/ports.js';

/** A hasher whose verifications finish only when the test says so, counting how many run at once. */
function gatedHasher() {
  let running = 0;
  let peak = 0;
  const gates: (() => void)[] = [];
  const inner: PasswordHasher = {
    hash: async () => 'h',
    verify: async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
      return false;
    },
  };
  return { inner, peak: () => peak, releaseAll: () => gates.splice(0).forEach((g) => g()), gates };
}

describe('bounded password hasher', () => {
  it('when many verifications arrive at once, then at most `concurrency` run and all finish', async () => {
    const gated = gatedHasher();
    const hasher = boundedHasher(gated.inner, { concurrency: 2, maxWaiting: 100 });
    const all = Promise.all(Array.from({ length: 10 }, () => hasher.verify('x', 'y')));
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setImmediate(r));
      gated.releaseAll();
    }
    await expect(all).resolves.toHaveLength(10);
    expect(gated.peak()).toBe(2);
  });

  it('when the waiting line is full, then the next one is told to come back (busy), not queued', async () => {
    const gated = gatedHasher();
    const hasher = boundedHasher(gated.inner, { concurrency: 1, maxWaiting: 2 });
    const admitted = [hasher.verify('x', 'y'), hasher.verify('x', 'y'), hasher.verify('x', 'y')];
    await expect(hasher.verify('x', 'y')).rejects.toBeInstanceOf(AuthError);
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setImmediate(r));
      gated.releaseAll();
    }
    await expect(Promise.all(admitted)).resolves.toEqual([false, false, false]);
  });
});
