import { describe, expect, it } from 'vitest';
import { DEFAULT_DELAYS, delayAfter, retryAfterSeconds } from '../../src/domain/throttle.js';

const policy = { maxFailures: 10, windowMs: 10 * 60_000, ...DEFAULT_DELAYS };
const now = new Date('2026-01-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('login throttle delays', () => {
  it('when fewer than the free failures were counted, then the next attempt need not wait', () => {
    expect(delayAfter(1, policy)).toBe(0);
    expect(delayAfter(2, policy)).toBe(0);
  });

  it('when failures pile up, then each wait doubles up to the cap', () => {
    expect([3, 4, 5, 6, 7, 8, 9].map((n) => delayAfter(n, policy))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });

  it('when the attempt is delayed, then Retry-After is the delay left, rounded up', () => {
    expect(
      retryAfterSeconds({ failures: 4, windowStart: at(-5000), blockedUntil: at(1500) }, now, policy),
    ).toBe(2);
  });

  it('when the window is used up, then Retry-After runs to the end of the window', () => {
    expect(
      retryAfterSeconds({ failures: 10, windowStart: at(-60_000), blockedUntil: at(1000) }, now, policy),
    ).toBe(540);
  });

  it('when nothing is left to wait, then Retry-After is still at least one second', () => {
    expect(
      retryAfterSeconds({ failures: 4, windowStart: at(-5000), blockedUntil: at(-1) }, now, policy),
    ).toBe(1);
  });
});
