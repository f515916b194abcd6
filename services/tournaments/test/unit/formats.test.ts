import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS, type Standing } from '../../src/domain/formats/index.js';
import { bracketOrder } from '../../src/domain/formats/single-elimination.js';
import { swissRounds } from '../../src/domain/formats/swiss.js';
import { entrants, playOut, strongerWins, type Decide } from './play.js';

const placeOf = (standings: Standing[], userId: string) => standings.find((s) => s.userId === userId)?.place;

/** A random but fixed winner per pair, drawn by fast-check. */
const randomDecider = fc
  .func(fc.constantFrom<'a' | 'b' | 'draw'>('a', 'b', 'draw'))
  .map((pick): Decide => (a, b) => {
    const p = pick(a < b ? `${a}${b}` : `${b}${a}`);
    if (p === 'draw') return 'draw';
    const aWins = (p === 'a') === a < b;
    return aWins ? { a: 100, b: 40 } : { a: 40, b: 100 };
  });

describe('every format', () => {
  for (const format of Object.values(FORMATS)) {
    it(`${format.name}: when played to the end, then everyone gets a place, nobody plays twice in a round, places are competition ranks`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 17 }), randomDecider, (n, decide) => {
          const { state, pairings } = playOut(format, entrants(n), decide);
          for (const p of pairings) {
            const seen = [...p.matches.flat(), ...p.byes];
            expect(new Set(seen).size).toBe(seen.length);
            expect(p.matches.every((m) => m.length === 2)).toBe(true);
          }
          const standings = format.standings(state);
          expect(standings.map((s) => s.userId).sort()).toEqual(
            entrants(n)
              .map((e) => e.userId)
              .sort(),
          );
          const places = standings.map((s) => s.place).sort((a, b) => a - b);
          expect(places[0]).toBe(1);
          // competition ranking: a place p is held by k entrants, then comes p + k
          for (let i = 1; i < places.length; i++) {
            if (places[i] !== places[i - 1]) expect(places[i]).toBe(i + 1);
          }
        }),
        { numRuns: 60 },
      );
    });

    it(`${format.name}: when the stronger always wins, then the top seed is first and the second seed is second`, () => {
      const { state } = playOut(format, entrants(8), strongerWins);
      const standings = format.standings(state);
      expect(placeOf(standings, 'p1')).toBe(1);
      expect(placeOf(standings, 'p2')).toBe(2);
    });
  }
});

describe('round robin', () => {
  const rr = FORMATS['round-robin'];

  it('when n entrants play, then every pair meets exactly once over n−1 rounds (n rounds when odd)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 16 }), (n) => {
        const { pairings } = playOut(rr, entrants(n), strongerWins);
        expect(pairings).toHaveLength(n % 2 === 0 ? n - 1 : n);
        const pairs = pairings.flatMap((p) => p.matches.map((m) => [...m].sort().join('-')));
        expect(new Set(pairs).size).toBe((n * (n - 1)) / 2);
        expect(pairs).toHaveLength((n * (n - 1)) / 2);
      }),
    );
  });

  it('when two are level on points, then the winner of their game ranks higher even with less score', () => {
    // p1 and p2 both end on 2 points; p2 scored far more, but p1 beat p2 → p1 above p2.
    const decide: Decide = (a, b) => {
      const key = [a, b].sort().join('-');
      const result: Record<string, [string, number, number]> = {
        'p1-p2': ['p1', 11, 10],
        'p1-p3': ['p3', 300, 10],
        'p1-p4': ['p1', 11, 10],
        'p2-p3': ['p2', 300, 10],
        'p2-p4': ['p2', 300, 10],
        'p3-p4': ['p4', 300, 10],
      };
      const [winner, w, l] = result[key]!;
      return winner === a ? { a: w, b: l } : { a: l, b: w };
    };
    const { state } = playOut(rr, entrants(4), decide);
    const standings = rr.standings(state);
    // p1: beat p2, p4 → 2; p2: beat p3, p4 → 2; p3: beat p1 → 1; p4: beat p3 → 1
    expect(placeOf(standings, 'p1')).toBe(1);
    expect(placeOf(standings, 'p2')).toBe(2);
  });

  it('when entrants are level on points and head-to-head, then total battle score decides; all equal share', () => {
    const { state } = playOut(rr, entrants(2), () => 'draw');
    const standings = rr.standings(state);
    expect(standings).toEqual([
      { userId: 'p1', place: 1 },
      { userId: 'p2', place: 1 },
    ]);
  });
});

describe('swiss', () => {
  const sw = FORMATS.swiss;

  it('when no rounds are given, then it plays ⌈log2 n⌉ rounds; a given number wins', () => {
    expect(swissRounds(8)).toBe(3);
    expect(swissRounds(9)).toBe(4);
    expect(swissRounds(2)).toBe(1);
    expect(playOut(sw, entrants(8), strongerWins).pairings).toHaveLength(3);
    expect(playOut(sw, entrants(8), strongerWins, { rounds: 5 }).pairings).toHaveLength(5);
  });

  it('when it plays ⌈log2 n⌉ rounds, then nobody meets the same opponent twice', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 24 }), randomDecider, (n, decide) => {
        const { pairings } = playOut(sw, entrants(n), decide);
        const pairs = pairings.flatMap((p) => p.matches.map((m) => [...m].sort().join('-')));
        expect(new Set(pairs).size).toBe(pairs.length);
      }),
      { numRuns: 80 },
    );
  });

  it('when entrants have different points, then round 2 pairs winners with winners', () => {
    const { pairings } = playOut(sw, entrants(8), strongerWins);
    // round 1: 1v5 2v6 3v7 4v8 → winners p1..p4
    const winners = new Set(['p1', 'p2', 'p3', 'p4']);
    for (const m of pairings[1]!.matches) {
      expect(winners.has(m[0]!)).toBe(winners.has(m[1]!));
    }
  });

  it('when the field is odd, then nobody gets a second bye while others had none', () => {
    const { pairings } = playOut(sw, entrants(7), strongerWins);
    const byes = pairings.flatMap((p) => p.byes);
    expect(new Set(byes).size).toBe(byes.length);
  });

  it('when entrants are level on points, then Buchholz ranks them before total score', () => {
    const win = (w: string, l: string, ws: number, ls: number) => ({
      participants: [w, l],
      outcome: [
        { userId: w, place: 1, score: ws },
        { userId: l, place: 2, score: ls },
      ],
    });
    const state = {
      entrants: ['A', 'B', 'C', 'D', 'E', 'F'].map((userId, i) => ({ userId, seed: i + 1 })),
      options: {},
      rounds: [
        { matches: [win('A', 'B', 20, 10), win('C', 'D', 11, 10), win('E', 'F', 300, 10)], byes: [] },
        { matches: [win('A', 'C', 20, 10), win('D', 'E', 25, 10), win('B', 'F', 20, 10)], byes: [] },
      ],
    };
    // on 1 point: C (Buchholz A2 + D1 = 3), B and D (2), E (F0 + D1 = 1, though the best score)
    const places = Object.fromEntries(sw.standings(state).map((s) => [s.userId, s.place]));
    expect(places).toMatchObject({ A: 1, C: 2, E: 5, F: 6 });
    expect(places).toMatchObject({ D: 3, B: 4 }); // level on Buchholz too: score
  });
});

describe('single elimination', () => {
  const se = FORMATS['single-elimination'];

  it('when the bracket is built, then 1 and 2 can only meet in the final', () => {
    expect(bracketOrder(4)).toEqual([1, 4, 2, 3]);
    expect(bracketOrder(8)).toEqual([1, 8, 4, 5, 2, 7, 3, 6]);
  });

  it('when the field is not a power of two, then the top seeds get the byes', () => {
    const first = se.firstRound(entrants(6), {});
    expect(first.byes.sort()).toEqual(['p1', 'p2']);
    expect(first.matches).toHaveLength(2);
  });

  it('when 4 play, then the semi-final losers share 3rd place', () => {
    const { state } = playOut(se, entrants(4), strongerWins);
    const standings = se.standings(state);
    expect(Object.fromEntries(standings.map((s) => [s.userId, s.place]))).toEqual({
      p1: 1,
      p2: 2,
      p3: 3,
      p4: 3,
    });
  });

  it('when 8 play and the underdog wins everything, then it is first and quarter-final losers share 5th', () => {
    const { state } = playOut(se, entrants(8), (a, b) =>
      Number(a.slice(1)) > Number(b.slice(1)) ? { a: 100, b: 50 } : { a: 50, b: 100 },
    );
    const standings = se.standings(state);
    expect(placeOf(standings, 'p8')).toBe(1);
    expect(standings.filter((s) => s.place === 5)).toHaveLength(4);
    expect(standings.filter((s) => s.place === 3)).toHaveLength(2);
  });

  it('when a match is drawn, then the better seed goes on', () => {
    const { state } = playOut(se, entrants(2), () => 'draw');
    expect(placeOf(se.standings(state), 'p1')).toBe(1);
  });
});
