/** How many of the strongest entrants make a tournament's rating. */
export const RATED_ENTRANTS = 8;
export const SERIES_DECAY = 0.9;
/**
 * Conservative skill of a player with no rating yet: SPEC 3.6 starts everyone at 1500 / RD 350,
 * shown as 1500 − 2·350 (ADR 116).
 */
export const NEWCOMER_SKILL = 1500 - 2 * 350;

/** Mean conservative skill (floored at 0) of the top 8 entrants at start; 0 without entrants. */
export function tournamentRating(conservativeSkills: number[]): number {
  const top = conservativeSkills
    .map((s) => Math.max(0, s))
    .sort((a, b) => b - a)
    .slice(0, RATED_ENTRANTS);
  return top.length === 0 ? 0 : top.reduce((a, b) => a + b, 0) / top.length;
}

/** A tournament's weight: max(0.1, rating / 1500). */
export const tournamentWeight = (rating: number): number => Math.max(0.1, rating / 1500);

/**
 * A series' rating after the editions given (oldest first): the sum of their ratings, each edition
 * counting 0.9× as much as the one after it.
 */
export function seriesRating(editionRatings: number[]): number {
  const last = editionRatings.length - 1;
  return editionRatings.reduce((sum, r, i) => sum + r * SERIES_DECAY ** (last - i), 0);
}

/** A series edition's weight: its own weight raised by the series' standing, at most doubled. */
export const editionWeight = (weight: number, seriesRatingSoFar: number): number =>
  weight * (1 + Math.min(1, seriesRatingSoFar / 15000));
