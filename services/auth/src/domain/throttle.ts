// Login throttling per (login, client address) — ADR 151. Each attempt is counted before the password
// is checked (a success clears the count), so concurrent guesses are counted one by one. The first
// `freeFailures` attempts go at once; each further one waits twice as long as the previous
// (1 s, 2 s, 4 s … up to `maxDelayMs`); at most `maxFailures` per window. Keyed on the client's address
// too, so guesses from one place never lock out the account's owner logging in from another.

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_DELAYS = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 30_000 } as const;

/** How long the next attempt must wait after the `failures`-th counted attempt. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - policy.freeFailures));
}

export interface AttemptState {
  failures: number;
  windowStart: Date;
  blockedUntil: Date;
}

/** Seconds until a refused attempt may be tried again (at least 1). */
export function retryAfterSeconds(state: AttemptState, now: Date, policy: ThrottlePolicy): number {
  const delayed = state.blockedUntil.getTime() - now.getTime();
  const windowEnds = state.windowStart.getTime() + policy.windowMs - now.getTime();
  const wait = state.failures >= policy.maxFailures ? Math.max(delayed, windowEnds) : delayed;
  return Math.max(1, Math.ceil(wait / 1000));
}
