import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from '../../src/identity/verified-token-cache.js';

const alice = { userId: 'alice', roles: ['player'] };
const bob = { userId: 'bob', roles: [] };

describe('VerifiedTokenCache', () => {
  it('answers a verified token until it expires, then forgets it', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache<{ userId: string; roles: string[] }>(10, () => now);
    cache.set('t1', alice, 1_060); // exp in seconds: 60 s after now
    expect(cache.get('t1')).toEqual(alice);
    now = 1_059_999;
    expect(cache.get('t1')).toEqual(alice);
    now = 1_060_000;
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never holds more than its bound: the oldest entry leaves first', () => {
    const cache = new VerifiedTokenCache<{ userId: string; roles: string[] }>(2, () => 0);
    cache.set('t1', alice, 100);
    cache.set('t2', bob, 100);
    cache.set('t3', alice, 100);
    expect(cache.size).toBe(2);
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t2')).toEqual(bob);
    expect(cache.get('t3')).toEqual(alice);
  });

  it('keeps nothing when its size is 0', () => {
    const cache = new VerifiedTokenCache<{ userId: string; roles: string[] }>(0, () => 0);
    cache.set('t1', alice, 100);
    expect(cache.get('t1')).toBeUndefined();
  });
});
