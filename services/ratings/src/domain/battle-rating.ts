import { ratePeriod, type Glicko2Options, type Rating, DEFAULT_OPTIONS } from './glicko2.js';

/** A seat of a finished battle as far as ratings care: who sat there and where they ended. */
export interface Seat {
  /** null for a built-in bot with no owner: it has no rating and is left out. */
  userId: string | null;
  place: number;
}

export interface Placing {
  userId: string;
  place: number;
}

/**
 * The rated players of a battle: one entry per user, built-in bots left out. A user who filled two
 * seats counts once, with the better place — their seats never play each other, and a second seat
 * cannot farm wins against the same opponents twice.
 */
export function placingsOf(seats: readonly Seat[]): Placing[] {
  const best = new Map<string, number>();
  for (const seat of seats) {
    if (seat.userId === null) continue;
    const known = best.get(seat.userId);
    if (known === undefined || seat.place < known) best.set(seat.userId, seat.place);
  }
  return [...best].map(([userId, place]) => ({ userId, place }));
}

/** 1 for the better place, ½ for the same place, 0 for the worse one. */
export const pairScore = (place: number, opponentPlace: number) =>
  place < opponentPlace ? 1 : place === opponentPlace ? 0.5 : 0;

/**
 * One Glicko-2 rating period per battle: a free-for-all becomes every pair of rated players
 * (a duel is the one pair), each player rated against everyone's pre-battle rating at once.
 * Returns the new rating of every placed player; fewer than two rated players change nothing.
 */
export function rateBattle(
  before: ReadonlyMap<string, Rating>,
  placings: readonly Placing[],
  opts: Glicko2Options = DEFAULT_OPTIONS,
): Map<string, Rating> {
  const after = new Map<string, Rating>();
  if (placings.length < 2) return after;
  const ratingOf = (userId: string) => {
    const r = before.get(userId);
    if (!r) throw new Error(`no rating given for player ${userId}`);
    return r;
  };
  for (const me of placings) {
    const games = placings
      .filter((other) => other.userId !== me.userId)
      .map((other) => ({ opponent: ratingOf(other.userId), score: pairScore(me.place, other.place) }));
    after.set(me.userId, ratePeriod(ratingOf(me.userId), games, opts));
  }
  return after;
}
