import { describe, expect, it } from 'vitest';
import { throttleVerdict } from '../../src/domain/throttle.js';

const policy = { maxFailures: 10, windowMs: 10 * 60_000 };
const now = new Date('2026-11-23T10:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('login throttling', () => {
  it('when there were 9 failures in the window, then the attempt is allowed', () => {
    const failures = Array.from({ length: 9 }, (_, i) => minutesAgo(i));
    expect(throttleVerdict(failures, now, policy)).toEqual({ allowed: true });
  });

  it('when there were 10 failures in the window, then it waits until the oldest leaves the window', () => {
    const failures = Array.from({ length: 10 }, (_, i) => minutesAgo(i)); // oldest 9 minutes ago
    expect(throttleVerdict(failures, now, policy)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('when old failures lie outside the window, then they do not count', () => {
    const failures = [...Array.from({ length: 9 }, () => minutesAgo(1)), minutesAgo(10), minutesAgo(30)];
    expect(throttleVerdict(failures, now, policy)).toEqual({ allowed: true });
  });

  it('when there are more failures than the limit, then the wait follows the limit-th newest failure', () => {
    const failures = [minutesAgo(9.5), ...Array.from({ length: 10 }, () => minutesAgo(2))];
    expect(throttleVerdict(failures, now, policy)).toEqual({ allowed: false, retryAfterSeconds: 480 });
  });
});
