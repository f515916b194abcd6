// Plays a whole tournament through a format with a deterministic "who wins" rule, for the unit tests.
import type {
  Entrant,
  FormatState,
  Match,
  Pairings,
  TournamentFormat,
} from '../../src/domain/formats/index.js';

export type Decide = (a: string, b: string) => { a: number; b: number } | 'draw';

export const entrants = (n: number): Entrant[] =>
  Array.from({ length: n }, (_, i) => ({ userId: `p${i + 1}`, seed: i + 1 }));

/** Lower seed number wins with a score of 100 vs 50. */
export const strongerWins: Decide = (a, b) =>
  Number(a.slice(1)) < Number(b.slice(1)) ? { a: 100, b: 50 } : { a: 50, b: 100 };

export function resolve(pair: string[], decide: Decide): Match {
  const [a, b] = pair as [string, string];
  const d = decide(a, b);
  if (d === 'draw')
    return {
      participants: pair,
      outcome: [
        { userId: a, place: 1, score: 10 },
        { userId: b, place: 1, score: 10 },
      ],
    };
  return {
    participants: pair,
    outcome: [
      { userId: a, place: d.a > d.b ? 1 : 2, score: d.a },
      { userId: b, place: d.b > d.a ? 1 : 2, score: d.b },
    ],
  };
}

export function playOut(
  format: TournamentFormat,
  people: Entrant[],
  decide: Decide,
  options: { rounds?: number } = {},
): { state: FormatState; pairings: Pairings[] } {
  const state: FormatState = { entrants: people, rounds: [], options };
  const pairings: Pairings[] = [];
  let next: Pairings | null = format.firstRound(people, options);
  while (next) {
    pairings.push(next);
    state.rounds.push({ matches: next.matches.map((m) => resolve(m, decide)), byes: next.byes });
    next = format.nextRound(state);
    if (state.rounds.length > 100) throw new Error('format never ends');
  }
  return { state, pairings };
}
