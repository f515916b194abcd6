import { matchPoints, opponentOf, rankInOrder, scoreOf } from './duel.js';
import type { Entrant, FormatState, Pairings, Standing, TournamentFormat } from './format.js';

/** ⌈log2 n⌉ rounds unless the organiser chose a number. */
export const swissRounds = (entrants: number, chosen?: number): number =>
  chosen ?? Math.max(1, Math.ceil(Math.log2(Math.max(2, entrants))));

interface Record {
  userId: string;
  seed: number;
  points: number;
  score: number;
  opponents: string[];
  hadBye: boolean;
}

function records(state: FormatState): Map<string, Record> {
  const map = new Map<string, Record>(
    state.entrants.map((e) => [
      e.userId,
      { userId: e.userId, seed: e.seed, points: 0, score: 0, opponents: [], hadBye: false },
    ]),
  );
  for (const round of state.rounds) {
    for (const bye of round.byes) {
      const r = map.get(bye)!;
      r.points += 1; // a bye counts as a win without an opponent
      r.hadBye = true;
    }
    for (const m of round.matches) {
      for (const p of m.participants) {
        const r = map.get(p)!;
        r.points += matchPoints(m, p);
        r.score += scoreOf(m, p);
        const opponent = opponentOf(m, p);
        if (opponent) r.opponents.push(opponent);
      }
    }
  }
  return map;
}

/** Pairs `pool` (best first) with no rematch, by backtracking; null when impossible. */
function pairWithoutRematch(pool: Record[]): string[][] | null {
  if (pool.length === 0) return [];
  const [first, ...rest] = pool;
  for (let i = 0; i < rest.length; i++) {
    const partner = rest[i]!;
    if (first!.opponents.includes(partner.userId)) continue;
    const tail = pairWithoutRematch([...rest.slice(0, i), ...rest.slice(i + 1)]);
    if (tail) return [[first!.userId, partner.userId], ...tail];
  }
  return null;
}

function pairByPoints(all: Record[]): Pairings {
  const ranked = [...all].sort((a, b) => b.points - a.points || b.score - a.score || a.seed - b.seed);
  const byes: string[] = [];
  if (ranked.length % 2 === 1) {
    // the lowest-ranked entrant who has not sat out yet (everyone has: the lowest of all)
    const idx = ranked.map((r) => !r.hadBye).lastIndexOf(true);
    const [bye] = ranked.splice(idx >= 0 ? idx : ranked.length - 1, 1);
    byes.push(bye!.userId);
  }
  // When every pairing would repeat a game (more rounds than opponents), fall back to rank order.
  const matches =
    pairWithoutRematch(ranked) ??
    Array.from({ length: ranked.length / 2 }, (_, i) => [ranked[2 * i]!.userId, ranked[2 * i + 1]!.userId]);
  return { matches, byes };
}

/**
 * Swiss system: every round pairs entrants of close points, never the same two twice when it can be
 * avoided. Ranking: points (win 1, draw ½, bye 1), then Buchholz (the sum of the opponents' points),
 * then total battle score.
 */
export const swiss: TournamentFormat = {
  name: 'swiss',

  firstRound(entrants: Entrant[]) {
    const seeded = [...entrants].sort((a, b) => a.seed - b.seed);
    const byes: string[] = [];
    if (seeded.length % 2 === 1) byes.push(seeded.pop()!.userId);
    const half = seeded.length / 2;
    // top half meets bottom half: 1 v n/2+1, 2 v n/2+2 …
    const matches = seeded.slice(0, half).map((e, i) => [e.userId, seeded[half + i]!.userId]);
    return { matches, byes };
  },

  nextRound(state) {
    if (state.rounds.length >= swissRounds(state.entrants.length, state.options.rounds)) return null;
    return pairByPoints([...records(state).values()]);
  },

  standings(state): Standing[] {
    const recs = records(state);
    const buchholz = (r: Record) => r.opponents.reduce((sum, o) => sum + recs.get(o)!.points, 0);
    const rows = [...recs.values()].map((r) => ({ ...r, buchholz: buchholz(r) }));
    rows.sort((a, b) => b.points - a.points || b.buchholz - a.buchholz || b.score - a.score);
    return rankInOrder(
      rows,
      (a, b) => a.points === b.points && a.buchholz === b.buchholz && a.score === b.score,
    );
  },
};
