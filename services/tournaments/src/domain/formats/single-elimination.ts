import { winnerOf } from './duel.js';
import type { Entrant, FormatState, Pairings, Round, Standing, TournamentFormat } from './format.js';

/** Seed numbers in bracket order, so 1 and 2 can only meet in the final: 8 → 1 8 4 5 2 7 3 6. */
export function bracketOrder(size: number): number[] {
  let order = [1];
  while (order.length < size) {
    const n = order.length * 2;
    order = order.flatMap((s) => [s, n + 1 - s]);
  }
  return order;
}

/** Round-1 slots: entrants by seed in bracket order, `null` where a top seed gets a bye. */
function firstLineup(entrants: Entrant[]): Array<string | null> {
  const bySeed = [...entrants].sort((a, b) => a.seed - b.seed);
  const size = 2 ** Math.ceil(Math.log2(Math.max(2, bySeed.length)));
  return bracketOrder(size).map((s) => bySeed[s - 1]?.userId ?? null);
}

function pairsOf(lineup: Array<string | null>): Pairings {
  const matches: string[][] = [];
  const byes: string[] = [];
  for (let i = 0; i < lineup.length; i += 2) {
    const a = lineup[i] ?? null;
    const b = lineup[i + 1] ?? null;
    if (a && b) matches.push([a, b]);
    else if (a ?? b) byes.push((a ?? b)!);
  }
  return { matches, byes };
}

function advance(lineup: Array<string | null>, round: Round, seedOf: (u: string) => number) {
  const next: Array<string | null> = [];
  for (let i = 0; i < lineup.length; i += 2) {
    const a = lineup[i] ?? null;
    const b = lineup[i + 1] ?? null;
    if (a && b) {
      const match = round.matches.find((m) => m.participants.includes(a));
      if (!match) throw new Error(`round has no match for ${a}`);
      next.push(winnerOf(match, seedOf));
    } else next.push(a ?? b);
  }
  return next;
}

/** Replays the bracket: the lineup before each round played and the one after the last. */
function lineups(state: FormatState): Array<Array<string | null>> {
  const seeds = new Map(state.entrants.map((e) => [e.userId, e.seed]));
  const seedOf = (u: string) => seeds.get(u) ?? Number.MAX_SAFE_INTEGER;
  const all = [firstLineup(state.entrants)];
  for (const round of state.rounds) all.push(advance(all[all.length - 1]!, round, seedOf));
  return all;
}

/**
 * Knockout seeded by rating (seed 1 = best), byes to the top seeds when the field is not a power of
 * two. The final decides 1st and 2nd; the losers of a round of k share place k/2 + 1 — the two
 * semi-final losers share 3rd–4th.
 */
export const singleElimination: TournamentFormat = {
  name: 'single-elimination',

  firstRound(entrants) {
    return pairsOf(firstLineup(entrants));
  },

  nextRound(state) {
    const last = lineups(state).at(-1)!;
    if (last.filter(Boolean).length <= 1) return null;
    return pairsOf(last);
  },

  standings(state): Standing[] {
    const all = lineups(state);
    const champion = all.at(-1)!.find(Boolean);
    const places: Standing[] = champion ? [{ userId: champion, place: 1 }] : [];
    // walk back from the final: losers of a round entered with k players share place k/2 + 1
    for (let r = state.rounds.length - 1; r >= 0; r--) {
      const before = all[r]!.filter(Boolean).length;
      const after = new Set(all[r + 1]!.filter(Boolean));
      const size = 2 ** Math.ceil(Math.log2(before));
      for (const m of state.rounds[r]!.matches) {
        for (const p of m.participants) {
          if (!after.has(p)) places.push({ userId: p, place: size / 2 + 1 });
        }
      }
    }
    return places;
  },
};
