/**
 * The one interface every tournament format implements (SPEC 3.5). A format is pure: it sees the
 * entrants and the rounds played so far and answers what comes next, so a new format is one new
 * file registered in `index.ts`.
 */

/** Someone playing in the tournament; seed 1 is the strongest (highest rating at start). */
export interface Entrant {
  userId: string;
  seed: number;
}

/** One participant's result in a finished battle. */
export interface Outcome {
  userId: string;
  /** 1-based place in the battle; equal places mean a draw. */
  place: number;
  /** Total battle score. */
  score: number;
  /** Did not play (disconnected, battle cancelled): loses whatever the place says. */
  forfeited?: boolean;
}

export interface Match {
  participants: string[];
  /** Present once the battle has a result. */
  outcome?: Outcome[];
}

export interface Round {
  matches: Match[];
  /** Entrants without an opponent this round (they advance / score a win). */
  byes: string[];
}

export interface FormatOptions {
  /** Number of rounds where the format allows choosing it (Swiss). */
  rounds?: number;
}

export interface FormatState {
  entrants: Entrant[];
  rounds: Round[];
  options: FormatOptions;
}

/** What to play next: pairs of user ids, and who sits out. */
export interface Pairings {
  matches: string[][];
  byes: string[];
}

/** A final place; entrants that share a place carry the same number (1, 2, 3, 3, 5 …). */
export interface Standing {
  userId: string;
  place: number;
}

export interface TournamentFormat {
  readonly name: string;
  /** Pairings of round 1. */
  firstRound(entrants: Entrant[], options: FormatOptions): Pairings;
  /**
   * Pairings of the next round, called once every match of the last round has an outcome;
   * `null` when the tournament is over.
   */
  nextRound(state: FormatState): Pairings | null;
  /** Final places, best first (called once `nextRound` answered null). */
  standings(state: FormatState): Standing[];
}

export class FormatError extends Error {
  override name = 'FormatError';
}
