import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conservativeRating, INITIAL_RATING, ratePeriod, type Rating } from '../../src/domain/glicko2.js';

describe('Glicko-2 (Glickman 2013)', () => {
  it("when the paper's player (1500/200) beats 1400/30 and loses to 1550/100 and 1700/300, then 1464.06 / 151.52 / 0.05999", () => {
    const after = ratePeriod({ rating: 1500, rd: 200, volatility: 0.06 }, [
      { opponent: { rating: 1400, rd: 30 }, score: 1 },
      { opponent: { rating: 1550, rd: 100 }, score: 0 },
      { opponent: { rating: 1700, rd: 300 }, score: 0 },
    ]);
    // The paper rounds its intermediate values; unrounded arithmetic gives 1464.0507.
    expect(Math.abs(after.rating - 1464.06)).toBeLessThan(0.01);
    expect(after.rating).toBeCloseTo(1464.0507, 3);
    expect(after.rd).toBeCloseTo(151.52, 2);
    expect(Math.abs(after.volatility - 0.05999)).toBeLessThan(0.00001);
    expect(after.volatility).toBeCloseTo(0.059996, 6);
  });

  it('when a player sits a period out, then only the RD grows: sqrt(RD² + (σ·173.7178)²)', () => {
    const after = ratePeriod({ rating: 1700, rd: 50, volatility: 0.06 }, []);
    expect(after.rating).toBe(1700);
    expect(after.volatility).toBe(0.06);
    expect(after.rd).toBeCloseTo(Math.sqrt(50 ** 2 + (0.06 * 173.7178) ** 2), 9);
  });

  it('when two newcomers play once, then the winner gains exactly what the loser drops and both RDs shrink', () => {
    const winner = ratePeriod(INITIAL_RATING, [{ opponent: INITIAL_RATING, score: 1 }]);
    const loser = ratePeriod(INITIAL_RATING, [{ opponent: INITIAL_RATING, score: 0 }]);
    expect(winner.rating).toBeGreaterThan(1500);
    expect(winner.rating - 1500).toBeCloseTo(1500 - loser.rating, 9);
    expect(winner.rd).toBeLessThan(350);
    expect(winner.rd).toBeCloseTo(loser.rd, 9);
  });

  it('when a newcomer draws a newcomer, then ratings stay at 1500', () => {
    const after = ratePeriod(INITIAL_RATING, [{ opponent: INITIAL_RATING, score: 0.5 }]);
    expect(after.rating).toBeCloseTo(1500, 9);
  });

  it('conservative rating is rating − 2·RD (800 for a newcomer)', () => {
    expect(conservativeRating(INITIAL_RATING)).toBe(800);
    expect(conservativeRating({ rating: 1464.06, rd: 151.52 })).toBeCloseTo(1161.02, 2);
  });

  const rating = fc.record({
    rating: fc.double({ min: 500, max: 3000, noNaN: true }),
    rd: fc.double({ min: 30, max: 350, noNaN: true }),
    volatility: fc.double({ min: 0.03, max: 0.1, noNaN: true }),
  });
  const games = fc.array(fc.record({ opponent: rating, score: fc.constantFrom(0, 0.5, 1) }), {
    minLength: 1,
    maxLength: 6,
  });

  it('property: a period of games never raises the RD, and results stay finite', () => {
    fc.assert(
      fc.property(rating, games, (player: Rating, played) => {
        const after = ratePeriod(player, played);
        expect(Number.isFinite(after.rating)).toBe(true);
        expect(Number.isFinite(after.volatility)).toBe(true);
        expect(after.volatility).toBeGreaterThan(0);
        // φ′ ≤ φ* = sqrt(φ² + σ′²): games only remove uncertainty added by the volatility step
        expect(after.rd).toBeLessThanOrEqual(
          Math.sqrt(player.rd ** 2 + (after.volatility * 173.7178) ** 2) + 1e-9,
        );
      }),
    );
  });

  it('property: winning every game never lowers the rating, losing every game never raises it', () => {
    fc.assert(
      fc.property(rating, games, (player: Rating, played) => {
        const won = ratePeriod(
          player,
          played.map((g) => ({ ...g, score: 1 })),
        );
        const lost = ratePeriod(
          player,
          played.map((g) => ({ ...g, score: 0 })),
        );
        expect(won.rating).toBeGreaterThanOrEqual(player.rating);
        expect(lost.rating).toBeLessThanOrEqual(player.rating);
      }),
    );
  });
});
