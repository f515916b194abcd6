// Login throttling per login (SPEC 2: 10 failures per 10 minutes). A sliding window over failure times:
// while `maxFailures` failures lie inside the window, further attempts are refused.

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** `failures`: failure times of this login inside the window (any order). */
export function throttleVerdict(
  failures: readonly Date[],
  now: Date,
  policy: ThrottlePolicy,
): ThrottleVerdict {
  const inWindow = failures
    .map((at) => at.getTime())
    .filter((at) => at > now.getTime() - policy.windowMs)
    .sort((a, b) => a - b);
  if (inWindow.length < policy.maxFailures) return { allowed: true };
  // Attempts resume when enough old failures leave the window to drop below the limit.
  const freeAt = inWindow[inWindow.length - policy.maxFailures]! + policy.windowMs;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
}
