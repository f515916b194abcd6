import { describe, expect, it } from 'vitest';
import {
  BUILTIN_BOTS,
  Match,
  ReplayRecorder,
  V2_OBSTACLES,
  builtinBot,
  createMatch,
  directController,
  isRulesVersion,
  parseReplay,
  playBattleSync,
  resimulate,
  rulesModule,
  segmentRectEntry,
} from '../src/index.js';
import type { BulletState, Obstacle, RoundInfo, ScanEvent, TankState } from '../src/index.js';
import { act, tankOf } from './arrange.js';

/** A v2 duel in round 1 with tanks, bullets and obstacles placed by hand (through a snapshot). */
function arrangeV2(
  tanks: Array<Partial<TankState>>,
  obstacles: Obstacle[],
  bullets: BulletState[] = [],
): Match {
  const match = createMatch({
    seed: 1,
    participants: tanks.map((_, i) => ({ name: `p${i}` })),
    rulesVersion: 2,
  });
  match.startRound();
  const s = match.snapshot();
  s.arena.obstacles = obstacles;
  s.tanks = s.tanks.map((t, i) => ({ ...t, heading: 0, turret: 0, radar: 0, gunHeat: 0, ...tanks[i] }));
  s.bullets = bullets;
  return Match.fromSnapshot(s);
}

const wall: Obstacle = { x: 300, y: 200, width: 60, height: 200 };

describe('rules v2: obstacles', () => {
  it('when a battle asks for version 2, then its arena has obstacles, the same for a seed, clear of the walls and of each other', () => {
    const a = createMatch({ seed: 42, participants: [{ name: 'a' }, { name: 'b' }], rulesVersion: 2 });
    const b = createMatch({ seed: 42, participants: [{ name: 'a' }, { name: 'b' }], rulesVersion: 2 });
    const c = createMatch({ seed: 43, participants: [{ name: 'a' }, { name: 'b' }], rulesVersion: 2 });
    expect(a.rulesVersion).toBe(2);
    const obs = a.arena.obstacles!;
    expect(obs).toHaveLength(V2_OBSTACLES.duel);
    expect(b.arena).toEqual(a.arena);
    expect(c.arena.obstacles).not.toEqual(obs);
    const gap = 3 * a.rules.tankRadius;
    for (const o of obs) {
      expect(o.x).toBeGreaterThanOrEqual(gap);
      expect(o.y).toBeGreaterThanOrEqual(gap);
      expect(o.x + o.width).toBeLessThanOrEqual(800 - gap);
      expect(o.y + o.height).toBeLessThanOrEqual(600 - gap);
    }
    const ffa = createMatch({
      seed: 42,
      participants: [1, 2, 3, 4].map((k) => ({ name: `p${k}` })),
      rulesVersion: 2,
    });
    expect(ffa.arena.obstacles).toHaveLength(V2_OBSTACLES.ffa);
  });

  it('when a v1 battle is created, then its arena has no obstacles field at all', () => {
    const m = createMatch({ seed: 42, participants: [{ name: 'a' }, { name: 'b' }] });
    expect(m.rulesVersion).toBe(1);
    expect(m.arena).toEqual({ width: 800, height: 600 });
    expect('obstacles' in m.arena).toBe(false);
  });

  it('when an unknown version is asked for, then the engine refuses it', () => {
    expect(() =>
      createMatch({ seed: 1, participants: [{ name: 'a' }, { name: 'b' }], rulesVersion: 3 }),
    ).toThrow(/rules version 3 is not supported/);
    expect(isRulesVersion(2)).toBe(true);
    expect(isRulesVersion(0)).toBe(false);
    expect(() => rulesModule(1.5)).toThrow(RangeError);
  });

  it('when a bullet flies into an obstacle, then it stops there and its owner hears bulletMissed; the tank behind is not hit', () => {
    const m = arrangeV2(
      [
        { x: 200, y: 300 },
        { x: 500, y: 300, energy: 50 },
      ],
      [wall],
      [{ id: 7, owner: 0, x: 280, y: 300, heading: 0, power: 3, speed: 22 }],
    );
    m.step(act({}, {}));
    expect(m.snapshot().bullets).toEqual([]);
    expect(m.observe(0).events).toContainEqual({ type: 'bulletMissed', bulletId: 7 });
    expect(tankOf(m, 1).energy).toBe(50);
  });

  it('when the same bullet has no obstacle on its way, then it flies on (control)', () => {
    const m = arrangeV2(
      [
        { x: 200, y: 300 },
        { x: 500, y: 300 },
      ],
      [],
      [{ id: 7, owner: 0, x: 280, y: 300, heading: 0, power: 3, speed: 22 }],
    );
    m.step(act({}, {}));
    expect(m.snapshot().bullets.map((b) => b.x)).toEqual([302]);
  });

  it('when a tank is reached before the obstacle behind it, then the bullet hits the tank', () => {
    const m = arrangeV2(
      [
        { x: 200, y: 300 },
        { x: 270, y: 300, energy: 50 },
      ],
      [wall],
      [{ id: 7, owner: 0, x: 240, y: 300, heading: 0, power: 1, speed: 34 }],
    );
    m.step(act({}, {}));
    expect(tankOf(m, 1).energy).toBe(46);
  });

  it('when a tank drives into an obstacle, then it stops where it was and loses energy like at a wall', () => {
    // Right edge of the tank at 280 + 18 = 298; the obstacle starts at 300; full speed would enter it.
    const m = arrangeV2(
      [
        { x: 280, y: 300, speed: 16 },
        { x: 100, y: 100 },
      ],
      [wall],
    );
    m.step(act({ speed: 16 }, {}));
    const t = tankOf(m, 0);
    expect([t.x, t.y, t.speed]).toEqual([280, 300, 0]);
    expect(t.energy).toBe(97);
    expect(m.observe(0).events).toContainEqual({ type: 'hitWall', damage: 3 });
    // Driving on never gets it through.
    for (let k = 0; k < 50; k++) m.step(act({ speed: 16 }, {}));
    expect(tankOf(m, 0).x + 18).toBeLessThanOrEqual(wall.x);
  });

  it('when an obstacle stands between radar and enemy, then the enemy is not scanned; without it, it is', () => {
    const scans = (m: Match): ScanEvent[] =>
      m.observe(0).events.filter((e): e is ScanEvent => e.type === 'scan');
    const tanks = [
      { x: 100, y: 300 },
      { x: 600, y: 300 },
    ];
    const blocked = arrangeV2(tanks, [wall]);
    blocked.step(act({}, {}));
    expect(scans(blocked)).toEqual([]);
    const open = arrangeV2(tanks, []);
    open.step(act({}, {}));
    expect(scans(open).map((s) => s.id)).toEqual([1]);
  });

  it('the segment–rectangle test finds the entry point, a start inside, and misses', () => {
    const o = { x: 10, y: 0, width: 10, height: 10 };
    expect(segmentRectEntry(o, 0, 5, 20, 5)).toBe(0.5);
    expect(segmentRectEntry(o, 15, 5, 30, 5)).toBe(0);
    expect(segmentRectEntry(o, 0, 20, 30, 20)).toBe(-1);
    expect(segmentRectEntry(o, 0, 5, 5, 5)).toBe(-1);
  });

  it('bots see the obstacles in onRoundStart, and tanks never spawn inside one', () => {
    const seen: RoundInfo[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const m = createMatch({
        seed,
        participants: [1, 2, 3, 4, 5, 6].map((k) => ({ name: `p${k}` })),
        rulesVersion: 2,
      });
      m.startRound();
      seen.push(m.roundInfo(0));
      const terrain = rulesModule(2).terrain(m.arena)!;
      for (const t of m.snapshot().tanks)
        expect(terrain.blocksTank(t.x, t.y, m.rules.tankRadius)).toBe(false);
    }
    expect(seen[0]!.rulesVersion).toBe(2);
    expect(seen[0]!.arena.obstacles!.length).toBeGreaterThan(0);
  });

  it('when every reference bot plays v2 duels and a free-for-all, then none crashes and the replays re-simulate', () => {
    const play = (seed: number, bots: string[]) => {
      const recorder = new ReplayRecorder();
      const results = playBattleSync({
        seed,
        rulesVersion: 2,
        participants: bots.map((name) => ({ name })),
        controllers: bots.map((b) => directController(builtinBot(b))),
        recorder,
      });
      const replay = parseReplay(recorder.text());
      expect(replay.header.rulesVersion).toBe(2);
      expect(replay.header.arena.obstacles?.length).toBeGreaterThan(0);
      expect(resimulate(replay).results).toEqual(results);
      return { results, replay };
    };
    let skips = 0;
    for (let k = 1; k < BUILTIN_BOTS.length; k++) {
      const { results } = play(k, [BUILTIN_BOTS[k]!, BUILTIN_BOTS[k - 1]!]);
      for (const p of results.places) skips += p.skippedTicks;
    }
    const { results } = play(99, [...BUILTIN_BOTS]);
    for (const p of results.places) skips += p.skippedTicks;
    expect(results.rulesVersion).toBe(2);
    expect(skips).toBe(0);
  });
});
