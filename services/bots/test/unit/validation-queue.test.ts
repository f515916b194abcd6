import { describe, expect, it } from 'vitest';
import { ValidationBusy, ValidationQueue } from '../../src/app/validation-queue.js';

/** A validation that runs until `finish()`; `started` says whether it got a slot. */
function validation(queue: ValidationQueue, userId: string) {
  let finish!: () => void;
  const state = { started: false, finish: () => finish() };
  const done = queue.run(userId, () => {
    state.started = true;
    return new Promise<void>((resolve) => (finish = resolve));
  });
  return Object.assign(state, { done });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const options = { concurrency: 2, perUser: 2, maxWaitMs: 60_000, retryAfterSeconds: 4 };

describe('validation queue', () => {
  it("when one user fills their bound, then the next is refused at once as theirs, and another user's starts in the slot kept free", async () => {
    const queue = new ValidationQueue(options);
    const first = validation(queue, 'ann');
    const second = validation(queue, 'ann');
    await expect(queue.run('ann', async () => 'third')).rejects.toMatchObject({
      scope: 'user',
      retryAfterSeconds: 4,
    });
    const bens = validation(queue, 'ben');
    await tick();
    expect([first.started, second.started, bens.started]).toEqual([true, false, true]);
    first.finish();
    await first.done;
    await tick();
    expect(second.started).toBe(true);
  });

  it('when no slot frees up in time, then the wait ends with service busy (or the user’s own bound when they hold a slot)', async () => {
    const queue = new ValidationQueue({ ...options, concurrency: 1, maxWaitMs: 20 });
    const held = validation(queue, 'ann');
    await expect(queue.run('ben', async () => 0)).rejects.toEqual(new ValidationBusy('service', 4));
    await expect(queue.run('ann', async () => 0)).rejects.toMatchObject({ scope: 'user' });
    held.finish();
    await held.done;
    await expect(queue.run('ben', async () => 'ran')).resolves.toBe('ran');
  });

  it('when a validation throws, then its slot and its place in the bound are given back', async () => {
    const queue = new ValidationQueue({ ...options, perUser: 1 });
    await expect(queue.run('ann', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('ann', async () => 'again')).resolves.toBe('again');
  });
});
