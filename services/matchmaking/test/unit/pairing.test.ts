import { describe, expect, it } from 'vitest';
import {
  compatible,
  DEFAULT_POLICY,
  pairSearchers,
  windowOf,
  type Searcher,
} from '../../src/domain/pairing.js';

const T0 = 1_000_000;
const s = (userId: string, rating: number, waitedS = 0, lastOpponentId: string | null = null): Searcher => ({
  userId,
  rating,
  since: T0 - waitedS * 1000,
  lastOpponentId,
});
const ids = (pairs: Array<[Searcher, Searcher]>) =>
  pairs.map(([a, b]) => [a.userId, b.userId].sort().join('+')).sort();

describe('rating window', () => {
  it('when a player just started, then they accept ±100; every full 10 s of waiting adds 50', () => {
    expect(windowOf(s('a', 1500), T0, DEFAULT_POLICY)).toBe(100);
    expect(windowOf(s('a', 1500, 9.9), T0, DEFAULT_POLICY)).toBe(100);
    expect(windowOf(s('a', 1500, 10), T0, DEFAULT_POLICY)).toBe(150);
    expect(windowOf(s('a', 1500, 35), T0, DEFAULT_POLICY)).toBe(250);
  });

  it('when the clock is behind the join time, then the window is the base one', () => {
    expect(windowOf(s('a', 1500, -5), T0, DEFAULT_POLICY)).toBe(100);
  });
});

describe('compatibility', () => {
  it('when the ratings differ by more than the narrower window, then the two are not paired', () => {
    // a waited 30 s (window 250), b is fresh (window 100): 200 apart is too far for b
    expect(compatible(s('a', 1000, 30), s('b', 1200), T0, DEFAULT_POLICY)).toBe(false);
    expect(compatible(s('a', 1000, 30), s('b', 1200, 20), T0, DEFAULT_POLICY)).toBe(true);
    expect(compatible(s('a', 1000), s('b', 1100), T0, DEFAULT_POLICY)).toBe(true);
  });

  it('when two players met in their previous matchmaking battle, then they meet again only once both waited 60 s', () => {
    const a = (w: number) => s('a', 1000, w, 'b');
    const b = (w: number) => s('b', 1000, w, 'a');
    expect(compatible(a(0), b(0), T0, DEFAULT_POLICY)).toBe(false);
    expect(compatible(a(70), b(10), T0, DEFAULT_POLICY)).toBe(false);
    expect(compatible(a(60), b(61), T0, DEFAULT_POLICY)).toBe(true);
    // only one side remembers (the other's last battle was elsewhere): still a rematch
    expect(compatible(s('a', 1000, 0, 'b'), s('b', 1000, 0, 'c'), T0, DEFAULT_POLICY)).toBe(false);
  });

  it('when the same user appears twice, then they are never paired with themselves', () => {
    expect(compatible(s('a', 1000), s('a', 1000), T0, DEFAULT_POLICY)).toBe(false);
  });
});

describe('pairing the queue', () => {
  it('when nobody is close enough, then nobody is paired', () => {
    expect(pairSearchers([s('a', 800), s('b', 1200), s('c', 1600)], T0)).toEqual([]);
  });

  it('when several are in range, then the longest-waiting player gets the closest rating', () => {
    const queue = [s('new', 1010), s('old', 1000, 5), s('far', 1090), s('mid', 1040)];
    const pairs = pairSearchers(queue, T0);
    expect(ids(pairs)).toEqual(['far+mid', 'new+old']);
    expect(pairs[0]![0].userId).toBe('old');
  });

  it('when a player has waited long, then their window reaches players it could not at first', () => {
    const queue = [s('a', 1000), s('b', 1300)];
    expect(pairSearchers(queue, T0)).toEqual([]);
    const later = T0 + 40_000; // both waited 40 s: window 300
    expect(ids(pairSearchers(queue, later))).toEqual(['a+b']);
  });

  it('when the previous opponents are the only match, then a third player in range is preferred', () => {
    const queue = [s('a', 1000, 5, 'b'), s('b', 1000, 5, 'a'), s('c', 1080)];
    expect(ids(pairSearchers(queue, T0))).toEqual(['a+c']);
  });

  it('when an odd number search, then one is left for the next tick and nobody is paired twice', () => {
    const queue = [s('a', 1000), s('b', 1001), s('c', 1002), s('d', 1003), s('e', 1004)];
    const pairs = pairSearchers(queue, T0);
    expect(pairs).toHaveLength(2);
    const seen = pairs.flat().map((p) => p.userId);
    expect(new Set(seen).size).toBe(4);
  });

  it('when the queue comes in another order, then the pairs are the same', () => {
    const queue = [s('a', 1000, 3), s('b', 1050, 2), s('c', 1020, 1), s('d', 990)];
    const forward = ids(pairSearchers(queue, T0));
    expect(ids(pairSearchers([...queue].reverse(), T0))).toEqual(forward);
  });
});
