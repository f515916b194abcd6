import { resimulate, type MatchSnapshot } from '@garrison/game';
import { describe, expect, it } from 'vitest';
import { effectsBetween, interpolate, liveEffects, type TimedEffect } from '../src/tanks/frame';
import { LiveBuffer } from '../src/tanks/live-buffer';
import { shortReplay } from './tanks-fixtures';

const { replay } = shortReplay(['tracker', 'sniper', 'spinner', 'sitting-duck'], 11);
const states = resimulate(replay, { keepStates: true }).states;

function firstPair(test: (a: MatchSnapshot, b: MatchSnapshot) => boolean): [MatchSnapshot, MatchSnapshot] {
  for (let k = 1; k < states.length; k++) {
    if (test(states[k - 1]!, states[k]!)) return [states[k - 1]!, states[k]!];
  }
  throw new Error('no such tick in the fixture battle');
}

describe('interpolate', () => {
  it('when half way between two ticks of a round, then tanks are half way and bullets in flight too', () => {
    const [a, b] = firstPair(
      (x, y) => x.round === y.round && x.bullets.some((u) => y.bullets.some((v) => v.id === u.id)),
    );
    const frame = interpolate(a, b, 0.5);
    const tank = frame.tanks[0]!;
    expect(tank.x).toBeCloseTo((a.tanks[0]!.x + b.tanks[0]!.x) / 2);
    expect(tank.y).toBeCloseTo((a.tanks[0]!.y + b.tanks[0]!.y) / 2);
    const bullet = a.bullets.find((u) => b.bullets.some((v) => v.id === u.id))!;
    const later = b.bullets.find((v) => v.id === bullet.id)!;
    expect(frame.bullets.find((u) => u.id === bullet.id)!.x).toBeCloseTo((bullet.x + later.x) / 2);
    expect(frame.scores).toHaveLength(4);
    expect(frame.arena).toEqual({ width: 1200, height: 900 });
    expect(frame.obstacles).toEqual([]);
  });

  it("when the replay is of rules v2, then every frame carries the arena's obstacles for the canvas", () => {
    const v2 = shortReplay(['tracker', 'sniper'], 11, 2).replay;
    const v2States = resimulate(v2, { keepStates: true }).states;
    const frame = interpolate(v2States[10]!, v2States[11]!, 0.5);
    expect(frame.obstacles.length).toBeGreaterThan(0);
    expect(frame.obstacles).toEqual(v2.header.arena.obstacles);
  });

  it('when the next state is a new round, then nothing glides to the new spawn points', () => {
    const [a, b] = firstPair((x, y) => x.round !== y.round);
    const frame = interpolate(a, b, 0.9);
    expect(frame.tanks.map((t) => [t.x, t.y])).toEqual(a.tanks.map((t) => [t.x, t.y]));
    expect(frame.round).toBe(a.round);
  });

  it('when a tank is destroyed during the tick, then it shows until half way and an explosion marks the spot', () => {
    const [a, b] = firstPair(
      (x, y) => x.round === y.round && x.tanks.some((t, i) => t.alive && !y.tanks[i]!.alive),
    );
    const victim = a.tanks.findIndex((t, i) => t.alive && !b.tanks[i]!.alive);
    expect(interpolate(a, b, 0.2).tanks[victim]!.alive).toBe(true);
    expect(interpolate(a, b, 0.7).tanks[victim]!.alive).toBe(false);
    const explosion = effectsBetween(a, b).find((e) => e.kind === 'explosion' && e.tank === victim);
    expect(explosion).toMatchObject({ x: b.tanks[victim]!.x, y: b.tanks[victim]!.y });
  });

  it('when a bullet hits, then a hit effect lands on the target’s hull', () => {
    const [a, b] = firstPair(
      (x, y) => x.round === y.round && y.tanks.some((t) => t.events.some((e) => e.type === 'bulletHit')),
    );
    const hit = effectsBetween(a, b).find((e) => e.kind === 'hit')!;
    const target = b.tanks[hit.tank]!;
    expect(Math.hypot(hit.x - target.x, hit.y - target.y)).toBeCloseTo(b.rules.tankRadius);
  });

  it('when a bullet is fired, then a muzzle flash appears at the shooter’s barrel', () => {
    const [a, b] = firstPair(
      (x, y) => y.bullets.some((u) => !x.bullets.some((v) => v.id === u.id)) && x.round === y.round,
    );
    const shot = effectsBetween(a, b).find((e) => e.kind === 'shot')!;
    const shooter = b.tanks[shot.tank]!;
    expect(Math.hypot(shot.x - shooter.x, shot.y - shooter.y)).toBeCloseTo(b.rules.tankRadius + 6);
    expect(shot.heading).toBe(shooter.turret);
  });

  it('when effects have lived their time, then they are dropped', () => {
    const effects: TimedEffect[] = [
      { kind: 'shot', x: 0, y: 0, tank: 0, bornAt: 0 },
      { kind: 'explosion', x: 0, y: 0, tank: 1, bornAt: 0 },
    ];
    expect(liveEffects(effects, 500).map((e) => e.kind)).toEqual(['explosion']);
  });
});

describe('LiveBuffer', () => {
  it('when frames arrive, then it draws between the last two, and a stale frame never goes back in time', () => {
    const buffer = new LiveBuffer();
    expect(buffer.sample(0)).toBeNull();
    buffer.push(states[10]!, 1000);
    expect(buffer.sample(1050)).toEqual({ before: states[10], after: null, alpha: 0 });
    buffer.push(states[11]!, 1100);
    expect(buffer.sample(1150)).toMatchObject({ before: states[10], after: states[11], alpha: 0.5 });
    expect(buffer.sample(1300)!.alpha).toBe(1);
    expect(buffer.push(states[9]!, 1200)).toEqual([]);
    expect(buffer.newest).toBe(states[11]);
  });
});
