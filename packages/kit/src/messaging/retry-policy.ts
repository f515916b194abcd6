// Backoff between attempts: baseDelayMs·2^(n-1) capped at maxDelayMs, with "equal jitter" (50–100 % of
// the nominal delay) so a burst of failures does not retry in lock-step.
import type { RetryPolicy } from './types.js';

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 60_000 };

export function resolveRetryPolicy(...overrides: Array<Partial<RetryPolicy> | undefined>): RetryPolicy {
  const policy = Object.assign({}, defaultRetryPolicy, ...overrides.map(withoutUndefined)) as RetryPolicy;
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new Error(`retry.attempts must be an integer >= 1, got ${policy.attempts}`);
  }
  if (policy.baseDelayMs < 0 || policy.maxDelayMs < policy.baseDelayMs) {
    throw new Error('retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs');
  }
  return policy;
}

/** The upper bound of the delay before retry `retryNumber` (1 = the second attempt). */
export function nominalDelayMs(policy: RetryPolicy, retryNumber: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
}

/** The nominal delay of every retry the policy allows, in order. */
export function retryDelays(policy: RetryPolicy): number[] {
  return Array.from({ length: policy.attempts - 1 }, (_, i) => nominalDelayMs(policy, i + 1));
}

export function jitteredDelayMs(policy: RetryPolicy, retryNumber: number, random = Math.random): number {
  const nominal = nominalDelayMs(policy, retryNumber);
  return Math.round(nominal / 2 + (nominal / 2) * random());
}

function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
