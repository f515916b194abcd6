import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basePoints, ratingPoints } from '../../src/domain/rating-points.js';
import {
  editionWeight,
  seriesRating,
  tournamentRating,
  tournamentWeight,
} from '../../src/domain/tournament-rating.js';

describe('rating points', () => {
  it('when places are distinct, then the bases are 100, 60, 40, 30, 15×4, then 5', () => {
    expect([1, 2, 3, 4, 5, 8, 9, 20].map(basePoints)).toEqual([100, 60, 40, 30, 15, 15, 5, 5]);
  });

  it('when two share 3rd, then each gets half of 40 + 30, times the weight, rounded', () => {
    const points = ratingPoints(
      [
        { userId: 'a', place: 1 },
        { userId: 'b', place: 2 },
        { userId: 'c', place: 3 },
        { userId: 'd', place: 3 },
      ],
      0.5,
    );
    expect(Object.fromEntries(points)).toEqual({ a: 50, b: 30, c: 18, d: 18 });
  });

  it('when four share 5th, then each gets 15 (5th–8th); when sharing spans past 8th, the 5s count too', () => {
    const standings = ['a', 'b', 'c', 'd'].map((userId) => ({ userId, place: 7 }));
    // places 7, 8, 9, 10 → (15 + 15 + 5 + 5) / 4 = 10
    expect([...ratingPoints(standings, 1).values()]).toEqual([10, 10, 10, 10]);
  });

  it('when places are shared, then the total handed out equals the sum of the bases (weight 1)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 12 }), (groups) => {
        const standings: Array<{ userId: string; place: number }> = [];
        let place = 1;
        groups.forEach((size, g) => {
          for (let i = 0; i < size; i++) standings.push({ userId: `u${g}-${i}`, place });
          place += size;
        });
        const total = [...ratingPoints(standings, 1).values()].reduce((a, b) => a + b, 0);
        let bases = 0;
        for (let p = 1; p < place; p++) bases += basePoints(p);
        expect(Math.abs(total - bases)).toBeLessThanOrEqual(standings.length / 2);
      }),
    );
  });
});

describe('tournament rating and weight', () => {
  it('when more than 8 enter, then the mean of the top 8 conservative ratings counts, negatives as 0', () => {
    expect(tournamentRating([2000, 1800, 1600, 1600, 1500, 1500, 1400, 1400, 100, -50])).toBe(1600);
    expect(tournamentRating([300, -300])).toBe(150);
    expect(tournamentRating([])).toBe(0);
  });

  it('when the rating is low, then the weight is at least 0.1; else rating / 1500', () => {
    expect(tournamentWeight(0)).toBe(0.1);
    expect(tournamentWeight(1500)).toBe(1);
    expect(tournamentWeight(2250)).toBe(1.5);
  });

  it('when a series has editions, then its rating decays 0.9 per edition and lifts later weights by at most ×2', () => {
    expect(seriesRating([1000, 1000, 1000])).toBeCloseTo(1000 * (0.81 + 0.9 + 1));
    expect(seriesRating([])).toBe(0);
    expect(editionWeight(1, 7500)).toBe(1.5);
    expect(editionWeight(1, 40000)).toBe(2);
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (w, s) => {
          const lifted = editionWeight(w, s);
          expect(lifted).toBeGreaterThanOrEqual(w);
          expect(lifted).toBeLessThanOrEqual(2 * w + 1e-9);
        },
      ),
    );
  });
});
