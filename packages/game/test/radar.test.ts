import { describe, expect, it } from 'vitest';
import { act, arrange } from './arrange.js';
import type { ScanEvent } from '../src/index.js';

const scans = (m: ReturnType<typeof arrange>, i: number): ScanEvent[] =>
  m.observe(i).events.filter((e): e is ScanEvent => e.type === 'scan');

describe('radar', () => {
  it('when the radar stands still on an enemy, then the ±1° minimum sector still scans it with every field', () => {
    const m = arrange([
      { x: 100, y: 300 },
      { x: 400, y: 300, heading: 90, energy: 77 },
    ]);
    m.step(act({}, {}));
    expect(scans(m, 0)).toEqual([
      { type: 'scan', id: 1, x: 400, y: 300, heading: 90, speed: 0, energy: 77, distance: 300, bearing: 0 },
    ]);
  });

  it('when an enemy is 90° off the radar, then a 45° radar turn alone misses it', () => {
    const m = arrange([
      { x: 100, y: 100 },
      { x: 100, y: 500 },
    ]);
    m.step(act({ radarTurn: 45 }, {}));
    expect(scans(m, 0)).toEqual([]);
  });

  it('when body, turret and radar all turn, then the swept sector (up to 99°) finds an enemy at 90°', () => {
    const m = arrange([
      { x: 100, y: 100 },
      { x: 100, y: 500 },
    ]);
    m.step(act({ bodyTurn: 24, turretTurn: 30, radarTurn: 45 }, {}));
    expect(scans(m, 0).map((s) => [s.id, s.bearing])).toEqual([[1, 90]]);
  });

  it('when an enemy is just outside the swept arc but its circle reaches into it, then it is scanned', () => {
    // At distance 200 the tank's radius 18 covers ±5.17°; the arc stops at 45° and the centre is at 49°.
    const m = arrange([
      { x: 100, y: 100 },
      { x: 100 + 200 * Math.cos((49 * Math.PI) / 180), y: 100 + 200 * Math.sin((49 * Math.PI) / 180) },
    ]);
    m.step(act({ radarTurn: 45 }, {}));
    expect(scans(m, 0)).toHaveLength(1);
  });

  it('when an enemy is beyond 1000 units, then it is not scanned, and within range it is', () => {
    const far = arrange([
      { x: 50, y: 450 },
      { x: 1100, y: 450 },
      { x: 600, y: 100 },
    ]);
    far.step(act({}, {}, {}));
    expect(scans(far, 0)).toEqual([]);
    const near = arrange([
      { x: 50, y: 450 },
      { x: 1060, y: 450 },
      { x: 600, y: 100 },
    ]);
    near.step(act({}, {}, {}));
    expect(scans(near, 0).map((s) => s.id)).toEqual([1]);
  });

  it('when an enemy bullet is in the sector, then it is never reported', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 700, y: 500 },
      ],
      {
        bullets: [{ id: 5, owner: 1, x: 300, y: 300, heading: 90, power: 1, speed: 34 }],
      },
    );
    m.step(act({}, {}));
    expect(m.observe(0).events).toEqual([]);
    expect(m.observe(0).bullets).toEqual([]);
    expect(m.observe(1).bullets).toHaveLength(1);
  });
});
