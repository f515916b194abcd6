import { describe, expect, it } from 'vitest';
import { act, arrange, tankOf } from './arrange.js';
import type { BulletState } from '../src/index.js';

const bullet = (b: Partial<BulletState>): BulletState => ({
  id: 99,
  owner: 0,
  x: 0,
  y: 0,
  heading: 0,
  power: 1,
  speed: 34,
  ...b,
});

const partsOf = (m: ReturnType<typeof arrange>, i: number) => m.results().places.find((p) => p.index === i)!;

describe('fire and bullets', () => {
  it('when a round starts, then the gun is hot (3.0) and the first shot leaves on the 15th tick', () => {
    const m = arrange([
      { x: 100, y: 300, gunHeat: 3 },
      { x: 600, y: 500 },
    ]);
    for (let k = 0; k < 14; k++) m.step(act({ fire: 1 }, {}));
    expect(m.snapshot().bullets).toHaveLength(0);
    expect(tankOf(m, 0).gunHeat).toBe(0.2);
    m.step(act({ fire: 1 }, {}));
    expect(m.snapshot().bullets).toHaveLength(1);
    expect(tankOf(m, 0).gunHeat).toBe(1.2); // 1 + 1/5
  });

  it('when firing power 3, then it costs 3 energy, heats the gun by 1.6 and the bullet flies at 40 − 18 = 22', () => {
    const m = arrange([
      { x: 100, y: 300, gunHeat: 0 },
      { x: 600, y: 500 },
    ]);
    m.step(act({ fire: 3 }, {}));
    expect(tankOf(m, 0)).toMatchObject({ energy: 97, gunHeat: 1.6 });
    expect(m.snapshot().bullets[0]).toMatchObject({ x: 100, y: 300, heading: 0, power: 3, speed: 22 });
    m.step(act({}, {}));
    expect(m.snapshot().bullets[0]).toMatchObject({ x: 122, y: 300 });
  });

  it('when the energy is not above the power, then the gun does not fire', () => {
    const m = arrange([
      { x: 100, y: 300, gunHeat: 0, energy: 2 },
      { x: 600, y: 500 },
    ]);
    m.step(act({ fire: 2 }, {}));
    expect(m.snapshot().bullets).toHaveLength(0);
    expect(tankOf(m, 0).energy).toBe(2);
  });

  it('when a power-1 bullet hits, then the target loses 4, the shooter regains 3 (capped at 100) and scores 4', () => {
    const m = arrange([
      { x: 100, y: 300, gunHeat: 0 },
      { x: 200, y: 300 },
    ]);
    m.step(act({ fire: 1 }, {})); // bullet at 100, shooter 99 energy
    m.step(act({}, {})); // 134
    m.step(act({}, {})); // 168: 32 from the centre, no hit yet
    expect(tankOf(m, 1).energy).toBe(100);
    m.step(act({}, {})); // 168 → 202 crosses the circle
    expect(tankOf(m, 1).energy).toBe(96);
    expect(tankOf(m, 0).energy).toBe(100);
    expect(m.snapshot().bullets).toHaveLength(0);
    expect(m.observe(0).events).toContainEqual({ type: 'bulletHit', bulletId: 1, target: 1, damage: 4 });
    expect(m.observe(1).events).toContainEqual({ type: 'hitByBullet', from: 0, damage: 4, bearing: 180 });
    expect(partsOf(m, 0).scoreParts.bulletDamage).toBe(4);
  });

  it('when a power-3 bullet hits, then it deals 4·3 + 2·(3 − 1) = 16', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 200, y: 300 },
      ],
      {
        bullets: [bullet({ x: 170, y: 300, power: 3, speed: 22 })],
      },
    );
    m.step(act({}, {}));
    expect(tankOf(m, 1).energy).toBe(84);
  });

  it('when a fast bullet passes over a tank between two ticks, then it still hits (no tunnelling)', () => {
    // Both ends of the travelled segment are outside the circle; the segment is not.
    const m = arrange(
      [
        { x: 100, y: 500 },
        { x: 190, y: 310 },
      ],
      {
        bullets: [bullet({ x: 170, y: 300, power: 0.5, speed: 37 })],
      },
    );
    m.step(act({}, {}));
    expect(tankOf(m, 1).energy).toBe(98);
  });

  it('when the target drives away along the bullet line, then the hit test uses the relative motion', () => {
    // A static test at the target's start (190) would hit at 187; relative to a target moving to 206 it does not.
    const m = arrange(
      [
        { x: 100, y: 500 },
        { x: 190, y: 300, speed: 16 },
      ],
      {
        bullets: [bullet({ x: 150, y: 300, power: 0.5, speed: 37 })],
      },
    );
    m.step(act({}, { speed: 16 }));
    expect(tankOf(m, 1).energy).toBe(100);
    expect(m.snapshot().bullets[0]).toMatchObject({ x: 187 });
  });

  it('when the shooter is destroyed while its bullet flies, then the hit still scores for it but gives no energy back', () => {
    const m = arrange(
      [
        { x: 100, y: 700, energy: 0.5 },
        { x: 600, y: 100 },
        { x: 500, y: 450 },
      ],
      { rules: { inactivityTicks: 0 }, bullets: [bullet({ x: 420, y: 450 })] },
    );
    m.step(act({}, {}, {})); // bullet 420 → 454; the shooter drains to 0
    expect(tankOf(m, 0).alive).toBe(false);
    m.step(act({}, {}, {})); // 454 → 488: hits the tank at 500 (damage dealt: no drain this tick)
    expect(tankOf(m, 2).energy).toBe(100 - 0.5 - 4);
    expect(tankOf(m, 0).energy).toBe(0);
    expect(partsOf(m, 0).scoreParts.bulletDamage).toBe(4);
  });

  it('when a bullet leaves the arena, then its owner is told it missed', () => {
    const m = arrange(
      [
        { x: 100, y: 500 },
        { x: 400, y: 100 },
      ],
      {
        bullets: [bullet({ x: 790, y: 300 })],
      },
    );
    m.step(act({}, {}));
    expect(m.snapshot().bullets).toHaveLength(0);
    expect(m.observe(0).events).toContainEqual({ type: 'bulletMissed', bulletId: 99 });
  });
});

describe('scoring', () => {
  it('when a bullet destroys the last opponent, then the shooter gets damage + 20% kill bonus + 50 survival + 10 last survivor', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 200, y: 300, energy: 3 },
      ],
      {
        bullets: [bullet({ x: 170, y: 300 })],
      },
    );
    m.step(act({}, {}));
    const p = partsOf(m, 0);
    expect(p.scoreParts).toEqual({
      bulletDamage: 3,
      ramDamage: 0,
      killBonus: 0.2 * 3,
      survival: 50,
      lastSurvivor: 10,
    });
    expect(p.score).toBeCloseTo(63.6, 10);
    expect(p).toMatchObject({ kills: 1, damage: 3, roundsWon: 1, place: 1 });
    expect(m.roundOver).toBe(true);
    expect(m.observe(0).events).toContainEqual({ type: 'tankDestroyed', id: 1 });
  });

  it('when a ram destroys the opponent, then the rammer gets 2 per damage and a 30% kill bonus', () => {
    const m = arrange([
      { x: 103, y: 300, speed: 4 },
      { x: 140, y: 300, energy: 1 },
    ]);
    m.step(act({ speed: 4 }, {}));
    const p = partsOf(m, 0);
    expect(p.scoreParts).toEqual({
      bulletDamage: 0,
      ramDamage: 2,
      killBonus: 0.3,
      survival: 50,
      lastSurvivor: 10,
    });
    expect(p.score).toBeCloseTo(62.3, 10);
  });

  it('when damage was dealt earlier in the round, then the kill bonus counts all of it', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 200, y: 300, energy: 8 },
      ],
      {
        bullets: [bullet({ x: 170, y: 300 }), bullet({ id: 100, x: 136, y: 300 })],
      },
    );
    m.step(act({}, {})); // first bullet: 4
    m.step(act({}, {})); // second bullet: 4, destroyed
    expect(partsOf(m, 0).scoreParts.killBonus).toBeCloseTo(0.2 * 8, 12);
  });

  it('when nobody deals damage for 300 ticks, then every tank loses 0.5 per tick', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 600, y: 300 },
      ],
      { rules: { inactivityTicks: 5 } },
    );
    for (let k = 0; k < 5; k++) m.step(act({}, {}));
    expect(tankOf(m, 0).energy).toBe(100);
    m.step(act({}, {}));
    expect([tankOf(m, 0).energy, tankOf(m, 1).energy]).toEqual([99.5, 99.5]);
  });

  it('when all tanks are destroyed in the same tick, then nobody gets survival or last-survivor points', () => {
    const m = arrange(
      [
        { x: 100, y: 300, energy: 0.5 },
        { x: 600, y: 300, energy: 0.5 },
      ],
      { rules: { inactivityTicks: 0 } },
    );
    m.step(act({}, {}));
    expect(m.roundOver).toBe(true);
    expect(m.results().places.map((p) => p.score)).toEqual([0, 0]);
  });

  it('when an opponent dies in a free-for-all, then each survivor gets 50 and the round goes on', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 600, y: 300 },
        { x: 900, y: 700, energy: 0.5 },
      ],
      { rules: { inactivityTicks: 0 } },
    );
    m.step(act({}, {}, {}));
    expect(m.roundOver).toBe(false);
    const byIndex = [0, 1, 2].map((i) => partsOf(m, i).scoreParts.survival);
    expect(byIndex).toEqual([50, 50, 0]);
  });

  it('when the last opponent of four falls, then the survivor gets 10 × 3 opponents', () => {
    const m = arrange(
      [
        { x: 100, y: 300 },
        { x: 600, y: 300, energy: 0.5 },
        { x: 900, y: 700, energy: 0.5 },
        { x: 300, y: 700, energy: 0.5 },
      ],
      { rules: { inactivityTicks: 0 } },
    );
    m.step(act({}, {}, {}, {}));
    expect(m.roundOver).toBe(true);
    expect(partsOf(m, 0).scoreParts).toMatchObject({ survival: 150, lastSurvivor: 30 });
  });
});
