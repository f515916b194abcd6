import { describe, expect, it } from 'vitest';
import { arrange, tankOf } from './arrange.js';

describe('skipped ticks', () => {
  it('when a bot skips, then its previous intent is reused with fire cleared and it hears why next tick', () => {
    const m = arrange([
      { x: 100, y: 300, gunHeat: 0 },
      { x: 600, y: 500 },
    ]);
    m.step([{ intent: { speed: 8, bodyTurn: 5 } }, { intent: {} }]);
    m.step([{ skipped: 'timeout' }, { intent: {} }]);
    const t = tankOf(m, 0);
    expect(t.heading).toBe(10);
    expect(t.speed).toBe(4);
    expect(m.observe(0).events).toContainEqual({ type: 'skipped', reason: 'timeout' });
    expect(m.results().places.find((p) => p.index === 0)!.skippedTicks).toBe(1);
  });

  it('when a bot that was firing skips, then it does not fire', () => {
    const m = arrange([
      { x: 100, y: 300, gunHeat: 0.4 },
      { x: 600, y: 500 },
    ]);
    m.step([{ intent: { fire: 1 } }, { intent: {} }]);
    expect(m.snapshot().bullets).toHaveLength(0); // gun still cooling
    m.step([{ skipped: 'error: boom' }, { intent: {} }]); // the gun is cold now
    expect(m.snapshot().bullets).toHaveLength(0);
  });

  it('when a bot skips the configured number of ticks in a row, then it is disabled and idles for the round', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 600, y: 500 },
      ],
      { rules: { maxConsecutiveSkips: 3 } },
    );
    m.step([{ intent: { speed: 8 } }, { intent: {} }]);
    for (let k = 0; k < 3; k++) {
      expect(m.isActive(0)).toBe(true);
      m.step([{ skipped: 'timeout' }, { intent: {} }]);
    }
    expect(m.isActive(0)).toBe(false);
    for (let k = 0; k < 3; k++) m.step([{ intent: { speed: 16 } }, { intent: {} }]);
    expect(tankOf(m, 0).speed).toBe(0);
    expect(m.results().places.find((p) => p.index === 0)!.skippedTicks).toBe(3);
  });

  it('when a skip asks to disable (CPU cap), then the bot is disabled at once', () => {
    const m = arrange([
      { x: 100, y: 300 },
      { x: 600, y: 500 },
    ]);
    m.step([{ skipped: 'cpu cap', disable: true }, { intent: {} }]);
    expect(m.isActive(0)).toBe(false);
    expect(m.lastApplied[0]).toEqual({ skip: 'cpu cap', disable: true });
  });

  it('when a skip is interrupted by an answer, then the consecutive count starts again', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 600, y: 500 },
      ],
      { rules: { maxConsecutiveSkips: 2 } },
    );
    m.step([{ skipped: 'timeout' }, { intent: {} }]);
    m.step([{ intent: {} }, { intent: {} }]);
    m.step([{ skipped: 'timeout' }, { intent: {} }]);
    expect(m.isActive(0)).toBe(true);
  });

  it('when a skip reason is huge, then only its first 200 characters travel in events and replays', () => {
    const m = arrange([
      { x: 100, y: 300 },
      { x: 600, y: 500 },
    ]);
    m.step([{ skipped: 'x'.repeat(100_000) }, { intent: {} }]);
    expect(m.lastApplied[0]).toEqual({ skip: 'x'.repeat(200) });
    expect(m.observe(0).events).toEqual([{ type: 'skipped', reason: 'x'.repeat(200) }]);
  });
});
