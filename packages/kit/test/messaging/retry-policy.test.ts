import { describe, expect, it } from 'vitest';
import {
  jitteredDelayMs,
  nominalDelayMs,
  resolveRetryPolicy,
  retryDelays,
} from '../../src/messaging/retry-policy.js';

describe('retry policy', () => {
  it('when nothing is configured, then it is 5 attempts at 200 ms·2^n', () => {
    const policy = resolveRetryPolicy();
    expect(policy.attempts).toBe(5);
    expect(retryDelays(policy)).toEqual([200, 400, 800, 1600]);
  });

  it('when the delay would pass maxDelayMs, then it is capped', () => {
    const policy = resolveRetryPolicy({ attempts: 6, baseDelayMs: 1000, maxDelayMs: 5000 });
    expect(retryDelays(policy)).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('when jitter applies, then the delay stays between half and all of the nominal delay', () => {
    const policy = resolveRetryPolicy();
    expect(jitteredDelayMs(policy, 3, () => 0)).toBe(nominalDelayMs(policy, 3) / 2);
    expect(jitteredDelayMs(policy, 3, () => 0.999999)).toBe(nominalDelayMs(policy, 3));
  });

  it('when overrides are undefined, then the defaults stay; when invalid, then it throws', () => {
    expect(resolveRetryPolicy({ attempts: undefined }, { baseDelayMs: 10 })).toMatchObject({
      attempts: 5,
      baseDelayMs: 10,
    });
    expect(() => resolveRetryPolicy({ attempts: 0 })).toThrow(/attempts/);
    expect(() => resolveRetryPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(/delays/);
  });
});
