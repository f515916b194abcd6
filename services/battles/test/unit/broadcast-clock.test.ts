import { describe, expect, it } from 'vitest';
import { shownTicks } from '../../src/live/broadcast-feed.js';

describe('the broadcast clock (ADR 240)', () => {
  const clock = { startsAt: new Date('2026-12-06T12:00:00.000Z'), tickMs: 100 };
  const at = (ms: number) => clock.startsAt.getTime() + ms;

  it('when the broadcast has not reached its first tick, then nothing is shown', () => {
    expect(shownTicks(clock, 300, at(-5000))).toBe(0);
    expect(shownTicks(clock, 300, at(99))).toBe(0);
  });

  it('when time passes, then tick line g is shown from start + (g + 1) ticks, on every instance alike', () => {
    expect(shownTicks(clock, 300, at(100))).toBe(1);
    expect(shownTicks(clock, 300, at(12_345))).toBe(123);
  });

  it('when the broadcast is over, then it stays at the last tick', () => {
    expect(shownTicks(clock, 300, at(30_000))).toBe(300);
    expect(shownTicks(clock, 300, at(3_600_000))).toBe(300);
  });
});
