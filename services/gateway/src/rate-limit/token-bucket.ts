// Token bucket: a client may spend up to `burst` requests at once; the bucket refills at `rate`
// tokens per second. This is the semantics of SPEC's "20 requests/s with bursts of 100", which a
// fixed-window counter cannot express (see docs/adr/060-gateway-token-bucket-rate-limit.md).

export interface BucketLimits {
  /** Tokens added per second. */
  rate: number;
  /** Bucket capacity: the largest burst. */
  burst: number;
}

export interface BucketState {
  tokens: number;
  /** Epoch milliseconds of the last refill. */
  updatedAt: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When denied: milliseconds until one token is available again. */
  retryAfterMs: number;
}

/** Pure refill-and-take step shared by the in-memory store and (as Lua) the Redis store. */
export function takeToken(
  state: BucketState | undefined,
  limits: BucketLimits,
  now: number,
): { state: BucketState; result: TakeResult } {
  const elapsedMs = state ? Math.max(0, now - state.updatedAt) : 0;
  const available = state
    ? Math.min(limits.burst, state.tokens + (elapsedMs * limits.rate) / 1000)
    : limits.burst;
  if (available >= 1) {
    const tokens = available - 1;
    return {
      state: { tokens, updatedAt: now },
      result: { allowed: true, remaining: Math.floor(tokens), retryAfterMs: 0 },
    };
  }
  const retryAfterMs = Math.ceil(((1 - available) * 1000) / limits.rate);
  return {
    state: { tokens: available, updatedAt: now },
    result: { allowed: false, remaining: 0, retryAfterMs },
  };
}

/** Milliseconds until an untouched bucket is full again: after that its state carries no information. */
export function idleMsUntilFull(state: BucketState, limits: BucketLimits): number {
  return Math.ceil(((limits.burst - state.tokens) * 1000) / limits.rate);
}

/** Parses GARRISON_RATE_LIMIT: "rate,burst" or "off". */
export function parseRateLimit(value: string): BucketLimits | 'off' {
  const text = value.trim().toLowerCase();
  if (text === 'off') return 'off';
  const match = /^(\d+(?:\.\d+)?)\s*,\s*(\d+)$/.exec(text);
  const rate = Number(match?.[1]);
  const burst = Number(match?.[2]);
  if (!match || !(rate > 0) || !(burst >= 1)) {
    throw new Error(`GARRISON_RATE_LIMIT: expected "rate,burst" (e.g. "20,100") or "off", got "${value}"`);
  }
  return { rate, burst };
}

/** Anonymous clients, keyed by IP, get half the per-user budget (SPEC section 1). */
export function anonymousLimits(user: BucketLimits): BucketLimits {
  return { rate: user.rate / 2, burst: Math.max(1, Math.floor(user.burst / 2)) };
}
