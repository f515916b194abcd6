import { describe, expect, it } from 'vitest';
import { createMatch, DEFAULT_RULES, Match, RULES_VERSION } from '../src/index.js';
import { idle } from './arrange.js';

const names = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `bot${i}` }));

describe('rounds and battles', () => {
  it('when a duel is created, then it has 5 rounds on 800×600 with a 1200-tick limit under rules v1', () => {
    const m = createMatch({ seed: 7, participants: names(2) });
    m.startRound();
    expect(m.roundInfo(0)).toEqual({
      rulesVersion: RULES_VERSION,
      round: 1,
      rounds: 5,
      arena: { width: 800, height: 600 },
      selfId: 0,
      opponents: [{ id: 1, name: 'bot1' }],
      tickLimit: 1200,
    });
    expect(RULES_VERSION).toBe(1);
  });

  it('when a free-for-all is created, then it has 3 rounds on 1200×900', () => {
    const m = createMatch({ seed: 7, participants: names(4) });
    expect([m.mode, m.rounds, m.arena]).toEqual(['ffa', 3, { width: 1200, height: 900 }]);
  });

  it('when the number of tanks does not fit the mode, then creating the match fails', () => {
    expect(() => createMatch({ seed: 1, participants: names(3), mode: 'duel' })).toThrow(RangeError);
    expect(() => createMatch({ seed: 1, participants: names(7) })).toThrow(RangeError);
    expect(() => createMatch({ seed: 1, participants: names(1) })).toThrow(RangeError);
  });

  it('when tanks spawn, then they are inside the margins, at least 200 apart, at rest, with a cold-start gun', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const m = createMatch({ seed, participants: names(6) });
      m.startRound();
      const { tanks } = m.snapshot();
      for (const t of tanks) {
        expect(t.x).toBeGreaterThanOrEqual(DEFAULT_RULES.spawnWallMargin);
        expect(t.x).toBeLessThanOrEqual(1200 - DEFAULT_RULES.spawnWallMargin);
        expect(t.y).toBeGreaterThanOrEqual(DEFAULT_RULES.spawnWallMargin);
        expect(t.y).toBeLessThanOrEqual(900 - DEFAULT_RULES.spawnWallMargin);
        expect(t).toMatchObject({ speed: 0, energy: 100, gunHeat: 3, turret: t.heading, radar: t.heading });
      }
      for (let i = 0; i < tanks.length; i++)
        for (let j = i + 1; j < tanks.length; j++) {
          const d = Math.hypot(tanks[i]!.x - tanks[j]!.x, tanks[i]!.y - tanks[j]!.y);
          expect(d).toBeGreaterThanOrEqual(200);
        }
    }
  });

  it('when the same seed is used, then spawns repeat; each round spawns anew', () => {
    const spawn = (seed: number) => {
      const m = createMatch({ seed, participants: names(2), rules: { tickLimit: 1 } });
      const rounds = [];
      while (!m.over) {
        m.startRound();
        rounds.push(m.snapshot().tanks.map((t) => [t.x, t.y, t.heading]));
        m.step(idle(2));
      }
      return rounds;
    };
    expect(spawn(42)).toEqual(spawn(42));
    expect(spawn(42)).not.toEqual(spawn(43));
    const [r1, r2] = spawn(42);
    expect(r1).not.toEqual(r2);
  });

  it('when the tick limit is reached, then the round ends, the next starts, and the battle ends after the last', () => {
    const m = createMatch({ seed: 1, participants: names(2), rounds: 2, rules: { tickLimit: 10 } });
    m.startRound();
    for (let k = 0; k < 10; k++) {
      expect(m.roundOver).toBe(false);
      m.step(idle(2));
    }
    expect([m.roundOver, m.over]).toEqual([true, false]);
    expect(() => m.step(idle(2))).toThrow();
    m.startRound();
    expect([m.round, m.tick]).toEqual([2, 0]);
    for (let k = 0; k < 10; k++) m.step(idle(2));
    expect(m.over).toBe(true);
    expect(() => m.startRound()).toThrow();
    expect(m.results()).toMatchObject({ rulesVersion: 1, seed: 1, rounds: 2, ticks: 20 });
  });

  it('when scores tie, then more rounds won places first; then damage; then participant order', () => {
    // Two idle tanks at the tick limit: a tied round goes to the first participant.
    const m = createMatch({ seed: 3, participants: names(2), rounds: 1, rules: { tickLimit: 2 } });
    m.startRound();
    m.step(idle(2));
    m.step(idle(2));
    const places = m.results().places;
    expect(places.map((p) => [p.index, p.place, p.score, p.roundsWon])).toEqual([
      [0, 1, 0, 1],
      [1, 2, 0, 0],
    ]);
  });

  it('when a round ends at the tick limit with several tanks, then the best round score wins the round', () => {
    const m = createMatch({ seed: 3, participants: names(2), rounds: 1, rules: { tickLimit: 40 } });
    m.startRound();
    const s = m.snapshot();
    // Face the second tank at the first so its shots land; the first never fires.
    const [a, b] = s.tanks;
    const toA = (Math.atan2(a!.y - b!.y, a!.x - b!.x) * 180) / Math.PI;
    for (let k = 0; k < 40 && !m.roundOver; k++) {
      const t = m.observe(1).self;
      const turn = ((((toA - t.turret) % 360) + 540) % 360) - 180;
      m.step([{ intent: {} }, { intent: { turretTurn: turn, fire: 1 } }]);
    }
    const [first] = m.results().places;
    expect(first).toMatchObject({ index: 1, roundsWon: 1 });
    expect(first!.damage).toBeGreaterThan(0);
  });

  it('when a snapshot is restored, then the match goes on identically; another rules version is refused', () => {
    const play = (m: ReturnType<typeof createMatch>, ticks: number) => {
      for (let k = 0; k < ticks && !m.roundOver; k++)
        m.step([{ intent: { speed: 16, bodyTurn: 3, fire: 1 } }, { intent: { speed: -8, fire: 2 } }]);
    };
    const straight = createMatch({ seed: 9, participants: names(2) });
    straight.startRound();
    play(straight, 60);
    const resumed = Match.fromSnapshot(straight.snapshot());
    play(straight, 200);
    play(resumed, 200);
    expect(JSON.stringify(resumed.snapshot())).toBe(JSON.stringify(straight.snapshot()));
    expect(() => Match.fromSnapshot({ ...straight.snapshot(), rulesVersion: 99 })).toThrow(
      /rules version 99/,
    );
  });
});
