import { describe, expect, it } from 'vitest';
import { act, arrange, tankOf } from './arrange.js';

describe('movement and turning', () => {
  it('when a tank drives from rest, then it gains 2 units/tick per tick along its heading', () => {
    const m = arrange([
      { x: 100, y: 300 },
      { x: 600, y: 300 },
    ]);
    const xs: number[] = [];
    for (let k = 0; k < 3; k++) {
      m.step(act({ speed: 16 }, {}));
      xs.push(tankOf(m, 0).x);
    }
    expect(xs).toEqual([102, 106, 112]);
    expect(tankOf(m, 0).speed).toBe(6);
    expect(tankOf(m, 0).y).toBe(300);
  });

  it('when a tank heads north, then only y changes (exact trigonometry at right angles)', () => {
    const m = arrange([
      { x: 100, y: 100, heading: 90, speed: 10 },
      { x: 600, y: 300 },
    ]);
    m.step(act({ speed: 10 }, {}));
    expect(tankOf(m, 0)).toMatchObject({ x: 100, y: 110 });
  });

  it('when a moving tank is told to reverse, then it brakes by 4 per tick, stops at 0 once, then backs at 2 per tick', () => {
    const m = arrange([
      { x: 300, y: 300, speed: 10 },
      { x: 600, y: 500 },
    ]);
    const speeds: number[] = [];
    for (let k = 0; k < 6; k++) {
      m.step(act({ speed: -8 }, {}));
      speeds.push(tankOf(m, 0).speed);
    }
    expect(speeds).toEqual([6, 2, 0, -2, -4, -6]);
  });

  it('when turning at speed 10, then the body turns at most 24 − 10 = 14°, the turret and radar ride on it', () => {
    const m = arrange([
      { x: 300, y: 300, speed: 10 },
      { x: 600, y: 500 },
    ]);
    m.step(act({ speed: 10, bodyTurn: 30, turretTurn: 50, radarTurn: -60 }, {}));
    const t = tankOf(m, 0);
    expect(t.heading).toBe(14);
    expect(t.turret).toBe(44); // 14 + 30
    expect(t.radar).toBe(359); // 14 + 30 − 45
  });

  it('when turning clockwise past 0°, then headings wrap into [0, 360)', () => {
    const m = arrange([
      { x: 300, y: 300, heading: 5 },
      { x: 600, y: 500 },
    ]);
    m.step(act({ bodyTurn: -20 }, {}));
    expect(tankOf(m, 0).heading).toBe(345);
  });

  it('when a tank drives into a wall at 16, then it stops at the wall and loses 16/4 − 1 = 3', () => {
    const m = arrange([
      { x: 770, y: 300, speed: 16 },
      { x: 100, y: 300 },
    ]);
    m.step(act({ speed: 16 }, {}));
    expect(tankOf(m, 0)).toMatchObject({ x: 782, speed: 0, energy: 97 });
    expect(m.observe(0).events).toContainEqual({ type: 'hitWall', damage: 3 });
  });

  it('when a tank touches a wall at speed 4, then it stops without damage', () => {
    const m = arrange([
      { x: 780, y: 300, speed: 4 },
      { x: 100, y: 300 },
    ]);
    m.step(act({ speed: 4 }, {}));
    expect(tankOf(m, 0)).toMatchObject({ x: 782, speed: 0, energy: 100 });
  });

  it('when a tank drives into another, then both stop where they were, lose 1.0, and only the driver is the rammer', () => {
    const m = arrange([
      { x: 103, y: 300, speed: 4 },
      { x: 140, y: 300 },
    ]);
    m.step(act({ speed: 4 }, {}));
    expect(tankOf(m, 0)).toMatchObject({ x: 103, speed: 0, energy: 99 });
    expect(tankOf(m, 1)).toMatchObject({ x: 140, speed: 0, energy: 99 });
    expect(m.observe(0).events).toContainEqual({ type: 'hitTank', id: 1, damage: 1, rammer: true });
    expect(m.observe(1).events).toContainEqual({ type: 'hitTank', id: 0, damage: 1, rammer: false });
    const score = m.results().places.find((p) => p.index === 0)!;
    expect(score.scoreParts.ramDamage).toBe(2);
    expect(m.results().places.find((p) => p.index === 1)!.score).toBe(0);
  });

  it('when two tanks merely touch, then nothing collides', () => {
    const m = arrange([
      { x: 100, y: 300, speed: 4 },
      { x: 140, y: 300 },
    ]);
    m.step(act({ speed: 4 }, {}));
    expect(tankOf(m, 0)).toMatchObject({ x: 104, energy: 100 });
  });

  it('when three tanks pile up in a row, then every overlap is undone and each ram counts once', () => {
    // B (moving) runs into C; sent back, it is then hit by A from behind.
    const m = arrange([
      { x: 103, y: 300, speed: 4 },
      { x: 140, y: 300, speed: 4 },
      { x: 178, y: 300 },
    ]);
    m.step(act({ speed: 4 }, { speed: 4 }, {}));
    expect([0, 1, 2].map((i) => [tankOf(m, i).x, tankOf(m, i).energy])).toEqual([
      [103, 99],
      [140, 98],
      [178, 99],
    ]);
    expect(m.observe(1).events.filter((e) => e.type === 'hitTank')).toEqual([
      { type: 'hitTank', id: 2, damage: 1, rammer: true },
      { type: 'hitTank', id: 0, damage: 1, rammer: false },
    ]);
  });
});
