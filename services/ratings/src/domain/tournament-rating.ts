import { conservativeRating, type Rating } from './glicko2.js';

/** How many of the strongest entrants make a tournament's rating (SPEC 3.5). */
export const TOURNAMENT_RATING_TOP = 8;

/**
 * Tournament rating = mean conservative skill rating, each floored at 0, of the top 8 entrants at
 * the start (fewer entrants: the mean of all; none: 0). Entrants are given with their ratings.
 */
export function tournamentRating(entrants: readonly Pick<Rating, 'rating' | 'rd'>[]): number {
  const top = entrants
    .map((e) => Math.max(0, conservativeRating(e)))
    .sort((a, b) => b - a)
    .slice(0, TOURNAMENT_RATING_TOP);
  return top.length === 0 ? 0 : top.reduce((sum, r) => sum + r, 0) / top.length;
}
