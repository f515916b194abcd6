import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairScore, placingsOf, rateBattle } from '../../src/domain/battle-rating.js';
import { INITIAL_RATING, ratePeriod, type Rating } from '../../src/domain/glicko2.js';
import { tournamentRating } from '../../src/domain/tournament-rating.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

describe('battle decomposition', () => {
  it('when built-in bots sit in a battle, then they are left out of the rated players', () => {
    expect(
      placingsOf([
        { userId: A, place: 2 },
        { userId: null, place: 1 },
        { userId: B, place: 3 },
      ]),
    ).toEqual([
      { userId: A, place: 2 },
      { userId: B, place: 3 },
    ]);
  });

  it('when a user fills two seats, then they count once with their better place', () => {
    expect(
      placingsOf([
        { userId: A, place: 3 },
        { userId: B, place: 2 },
        { userId: A, place: 1 },
      ]),
    ).toEqual([
      { userId: A, place: 1 },
      { userId: B, place: 2 },
    ]);
  });

  it('pair scores: better place 1, shared place ½, worse place 0', () => {
    expect([pairScore(1, 2), pairScore(2, 2), pairScore(3, 2)]).toEqual([1, 0.5, 0]);
  });

  it('when a free-for-all ends A 1st, B and C sharing 2nd, then A beats both and B draws C, all against pre-battle ratings', () => {
    const before = new Map<string, Rating>([
      [A, { rating: 1500, rd: 200, volatility: 0.06 }],
      [B, { rating: 1600, rd: 100, volatility: 0.06 }],
      [C, { rating: 1400, rd: 300, volatility: 0.06 }],
    ]);
    const after = rateBattle(before, [
      { userId: A, place: 1 },
      { userId: B, place: 2 },
      { userId: C, place: 2 },
    ]);
    expect(after.get(A)).toEqual(
      ratePeriod(before.get(A)!, [
        { opponent: before.get(B)!, score: 1 },
        { opponent: before.get(C)!, score: 1 },
      ]),
    );
    expect(after.get(B)).toEqual(
      ratePeriod(before.get(B)!, [
        { opponent: before.get(A)!, score: 0 },
        { opponent: before.get(C)!, score: 0.5 },
      ]),
    );
  });

  it('when only one user is left after bots, then nobody is rated', () => {
    expect(rateBattle(new Map([[A, INITIAL_RATING]]), [{ userId: A, place: 1 }]).size).toBe(0);
  });

  it('property: in a battle of equal newcomers, the rating changes sum to zero (up to the volatility step) and places keep their order', () => {
    const ids = [A, B, C, '00000000-0000-4000-8000-00000000000d'];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }), (places) => {
        const placings = places.map((place, i) => ({ userId: ids[i]!, place }));
        const before = new Map(placings.map((p) => [p.userId, INITIAL_RATING]));
        const after = rateBattle(before, placings);
        const total = [...after.values()].reduce((sum, r) => sum + (r.rating - 1500), 0);
        expect(total).toBeCloseTo(0, 2);
        for (const p of placings) {
          for (const q of placings) {
            if (p.place < q.place)
              expect(after.get(p.userId)!.rating).toBeGreaterThan(after.get(q.userId)!.rating);
          }
        }
      }),
    );
  });
});

describe('tournament rating', () => {
  it('is the mean conservative rating of the top 8 entrants, each floored at 0', () => {
    const strong = Array.from({ length: 8 }, () => ({ rating: 2000, rd: 50 })); // 1900 each
    expect(tournamentRating([...strong, { rating: 1000, rd: 350 }])).toBe(1900);
    expect(
      tournamentRating([
        { rating: 1500, rd: 350 },
        { rating: 500, rd: 350 },
      ]),
    ).toBe(400); // (800 + 0) / 2
    expect(tournamentRating([])).toBe(0);
  });
});
