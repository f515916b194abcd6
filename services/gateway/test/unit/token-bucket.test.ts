import { describe, expect, it } from 'vitest';
import { MemoryBucketStore } from '../../src/rate-limit/bucket-store.js';
import {
  anonymousLimits,
  parseRateLimit,
  takeToken,
  type BucketState,
} from '../../src/rate-limit/token-bucket.js';

const limits = { rate: 20, burst: 100 };

describe('token bucket', () => {
  it('when a new client sends a burst, then exactly `burst` requests pass and the next is told when to retry', () => {
    let state: BucketState | undefined;
    let allowed = 0;
    let last;
    for (let i = 0; i < 101; i++) {
      const step = takeToken(state, limits, 1_000);
      state = step.state;
      if (step.result.allowed) allowed++;
      last = step.result;
    }
    expect(allowed).toBe(100);
    expect(last).toEqual({ allowed: false, remaining: 0, retryAfterMs: 50 });
  });

  it('when time passes, then tokens come back at `rate` per second, never beyond `burst`', () => {
    let state: BucketState = { tokens: 0, updatedAt: 0 };
    state = takeToken(state, limits, 500).state; // 10 tokens refilled, one spent
    expect(state.tokens).toBe(9);
    state = takeToken(state, limits, 1_000_000).state;
    expect(state.tokens).toBe(99);
  });

  it('when the clock goes backwards, then no tokens are created', () => {
    const { state } = takeToken({ tokens: 0.5, updatedAt: 10_000 }, limits, 5_000);
    expect(state.tokens).toBe(0.5);
  });

  it('when parsing the configuration, then "rate,burst" and "off" are understood and nonsense is refused', () => {
    expect(parseRateLimit('20,100')).toEqual({ rate: 20, burst: 100 });
    expect(parseRateLimit(' 2.5 , 5 ')).toEqual({ rate: 2.5, burst: 5 });
    expect(parseRateLimit('OFF')).toBe('off');
    expect(() => parseRateLimit('20')).toThrow(/GARRISON_RATE_LIMIT/);
    expect(() => parseRateLimit('0,10')).toThrow(/GARRISON_RATE_LIMIT/);
    expect(() => parseRateLimit('5,0')).toThrow(/GARRISON_RATE_LIMIT/);
  });

  it('when the caller is anonymous, then the budget is half the per-user one', () => {
    expect(anonymousLimits(limits)).toEqual({ rate: 10, burst: 50 });
    expect(anonymousLimits({ rate: 1, burst: 1 })).toEqual({ rate: 0.5, burst: 1 });
  });
});

describe('in-memory bucket store', () => {
  it('when two clients share the store, then each has its own bucket', async () => {
    const store = new MemoryBucketStore(() => 0);
    const small = { rate: 1, burst: 2 };
    expect((await store.take('a', small)).allowed).toBe(true);
    expect((await store.take('a', small)).allowed).toBe(true);
    expect((await store.take('a', small)).allowed).toBe(false);
    expect((await store.take('b', small)).allowed).toBe(true);
    await store.close();
  });

  it('when a bucket has refilled completely, then a sweep forgets it', async () => {
    let now = 0;
    const store = new MemoryBucketStore(() => now);
    await store.take('a', { rate: 10, burst: 10 });
    await store.take('b', { rate: 10, burst: 10 });
    now = 50;
    await store.take('b', { rate: 10, burst: 10 });
    now = 120;
    store.sweep();
    expect(store.size).toBe(1);
    await store.close();
  });
});
