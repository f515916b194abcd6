import { matchPoints, opponentOf, rankInOrder, scoreOf } from './duel.js';
import type { Entrant, FormatState, Pairings, Standing, TournamentFormat } from './format.js';

const bySeed = (entrants: Entrant[]) => [...entrants].sort((a, b) => a.seed - b.seed).map((e) => e.userId);

/**
 * Round `r` (0-based) of the circle method: the first entrant stays, the others rotate; with an odd
 * count a empty seat is added and whoever meets it sits out.
 */
function circleRound(players: string[], r: number): Pairings {
  const seats: Array<string | null> = players.length % 2 === 0 ? [...players] : [...players, null];
  const n = seats.length;
  const rest = seats.slice(1);
  const shift = r % rest.length;
  const rotated = [seats[0]!, ...rest.slice(rest.length - shift), ...rest.slice(0, rest.length - shift)];
  const matches: string[][] = [];
  const byes: string[] = [];
  for (let i = 0; i < n / 2; i++) {
    const a = rotated[i]!;
    const b = rotated[n - 1 - i]!;
    if (a === null || b === null) byes.push((a ?? b)!);
    else matches.push([a, b]);
  }
  return { matches, byes };
}

const roundCount = (n: number) => (n % 2 === 0 ? n - 1 : n);

interface Tally {
  userId: string;
  points: number;
  headToHead: number;
  score: number;
}

/**
 * Everyone meets everyone once. Ranking: match points (win 1, draw ½), then the points scored in the
 * games among the entrants level on points (head-to-head), then total battle score; entrants equal on
 * all three share the place.
 */
export const roundRobin: TournamentFormat = {
  name: 'round-robin',

  firstRound(entrants) {
    return circleRound(bySeed(entrants), 0);
  },

  nextRound(state) {
    const played = state.rounds.length;
    if (played >= roundCount(state.entrants.length)) return null;
    return circleRound(bySeed(state.entrants), played);
  },

  standings(state: FormatState): Standing[] {
    const matches = state.rounds.flatMap((r) => r.matches);
    const tally = new Map<string, Tally>(
      state.entrants.map((e) => [e.userId, { userId: e.userId, points: 0, headToHead: 0, score: 0 }]),
    );
    for (const m of matches) {
      for (const p of m.participants) {
        const t = tally.get(p)!;
        t.points += matchPoints(m, p);
        t.score += scoreOf(m, p);
      }
    }
    for (const m of matches) {
      for (const p of m.participants) {
        const opponent = opponentOf(m, p);
        if (opponent && tally.get(opponent)!.points === tally.get(p)!.points) {
          tally.get(p)!.headToHead += matchPoints(m, p);
        }
      }
    }
    const sorted = [...tally.values()].sort(
      (a, b) => b.points - a.points || b.headToHead - a.headToHead || b.score - a.score,
    );
    return rankInOrder(
      sorted,
      (a, b) => a.points === b.points && a.headToHead === b.headToHead && a.score === b.score,
    );
  },
};
