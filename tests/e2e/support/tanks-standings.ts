/**
 * What SPEC 3.5 says a finished tournament must show, worked out by the test on its own from the
 * battles' results (as the battles service reports them): final places per format, rating points,
 * the tournament rating and weight. Deliberately written apart from the service's code.
 */
import type { ApiClient, Json } from './api-client.js';

export interface Seat {
  userId: string;
  place: number;
  score: number;
  forfeited: boolean;
}

/** One played duel of a tournament: its round and both seats as the battles service recorded them. */
export interface Duel {
  round: number;
  battleId: string;
  seats: [Seat, Seat];
  /** The battle as `GET /api/battles/{id}` answered (kind, ranked, rules, bots). */
  battle: Json;
}

/** The duels of a finished tournament, each read back from `GET /api/battles/{id}`. */
export async function duelsOf(api: ApiClient, token: string, tournament: Json): Promise<Duel[]> {
  const duels: Duel[] = [];
  for (const round of tournament.rounds as Json[]) {
    for (const listed of round.battles as Json[]) {
      const res = await api.get(`/api/battles/${listed.battleId}`, { token });
      if (res.status !== 200) throw new Error(`battle ${listed.battleId} answered ${res.status}`);
      const battle = res.body;
      if (battle.status !== 'finished') throw new Error(`battle ${battle.id} is ${battle.status}`);
      const seats = (battle.participants as Json[]).map((p) => ({
        userId: p.userId as string,
        place: p.place as number,
        score: p.score as number,
        forfeited: Boolean(p.forfeited),
      }));
      if (seats.length !== 2) throw new Error(`battle ${battle.id} is not a duel`);
      duels.push({ round: round.number, battleId: battle.id, seats: seats as [Seat, Seat], battle });
    }
  }
  return duels;
}

const seatOf = (d: Duel, userId: string): Seat | undefined => d.seats.find((s) => s.userId === userId);
const otherSeat = (d: Duel, userId: string): Seat => d.seats.find((s) => s.userId !== userId)!;

/** Win 1, draw ½, loss 0; a forfeit loses. */
export function duelPoints(d: Duel, userId: string): number {
  const me = seatOf(d, userId)!;
  const other = otherSeat(d, userId);
  if (me.forfeited) return 0;
  if (other.forfeited) return 1;
  return me.place < other.place ? 1 : me.place === other.place ? 0.5 : 0;
}

/** Competition places (1, 2, 2, 4) of rows already sorted best first; `same` rows share a place. */
function places<T extends { userId: string }>(
  sorted: T[],
  same: (a: T, b: T) => boolean,
): Map<string, number> {
  const out = new Map<string, number>();
  sorted.forEach((row, i) => {
    const prev = sorted[i - 1];
    out.set(row.userId, prev && same(prev, row) ? out.get(prev.userId)! : i + 1);
  });
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Round robin: match points, then points among those level (head-to-head), then total score. */
export function roundRobinPlaces(entrants: string[], duels: Duel[]): Map<string, number> {
  const mine = (u: string) => duels.filter((d) => seatOf(d, u));
  const points = new Map(entrants.map((u) => [u, sum(mine(u).map((d) => duelPoints(d, u)))]));
  const rows = entrants.map((u) => ({
    userId: u,
    points: points.get(u)!,
    headToHead: sum(
      mine(u)
        .filter((d) => points.get(otherSeat(d, u).userId) === points.get(u))
        .map((d) => duelPoints(d, u)),
    ),
    score: sum(mine(u).map((d) => seatOf(d, u)!.score)),
  }));
  rows.sort((a, b) => b.points - a.points || b.headToHead - a.headToHead || b.score - a.score);
  return places(
    rows,
    (a, b) => a.points === b.points && a.headToHead === b.headToHead && a.score === b.score,
  );
}

/** Swiss: points (a bye is a win), then Buchholz (opponents' points), then total score. */
export function swissPlaces(entrants: string[], duels: Duel[], byes: string[]): Map<string, number> {
  const mine = (u: string) => duels.filter((d) => seatOf(d, u));
  const points = new Map(
    entrants.map((u) => [u, sum(mine(u).map((d) => duelPoints(d, u))) + byes.filter((b) => b === u).length]),
  );
  const rows = entrants.map((u) => ({
    userId: u,
    points: points.get(u)!,
    buchholz: sum(mine(u).map((d) => points.get(otherSeat(d, u).userId)!)),
    score: sum(mine(u).map((d) => seatOf(d, u)!.score)),
  }));
  rows.sort((a, b) => b.points - a.points || b.buchholz - a.buchholz || b.score - a.score);
  return places(rows, (a, b) => a.points === b.points && a.buchholz === b.buchholz && a.score === b.score);
}

/** Who goes on from a knockout duel: the better place (never a forfeit), then the score, then the seed. */
export function knockoutWinner(d: Duel, seedOf: (userId: string) => number): string {
  const [first] = [...d.seats].sort(
    (x, y) =>
      Number(x.forfeited) - Number(y.forfeited) ||
      x.place - y.place ||
      y.score - x.score ||
      seedOf(x.userId) - seedOf(y.userId),
  );
  return first!.userId;
}

/**
 * Single elimination of a full bracket (a power of two, no byes): the champion 1st, the final's loser
 * 2nd, and the losers of a round that `k` players entered share place k/2 + 1 (semi-finals: 3rd–4th).
 */
export function singleEliminationPlaces(
  entrants: string[],
  duels: Duel[],
  seedOf: (userId: string) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  let left = entrants.length;
  const rounds = [...new Set(duels.map((d) => d.round))].sort((a, b) => a - b);
  for (const round of rounds) {
    for (const d of duels.filter((x) => x.round === round)) {
      const winner = knockoutWinner(d, seedOf);
      const loser = d.seats.find((s) => s.userId !== winner)!.userId;
      out.set(loser, left / 2 + 1);
      if (left === 2) out.set(winner, 1);
    }
    left /= 2;
  }
  return out;
}

/** SPEC 3.5 base points of a place: 100, 60, 40, 30, 15 (5th–8th), 5. */
export function basePoints(place: number): number {
  return place === 1 ? 100 : place === 2 ? 60 : place === 3 ? 40 : place === 4 ? 30 : place <= 8 ? 15 : 5;
}

/** round(base × weight), entrants sharing a place splitting the bases of the places they span. */
export function ratingPoints(placeOf: Map<string, number>, weight: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [userId, place] of placeOf) {
    const span = [...placeOf.values()].filter((p) => p === place).length;
    const bases = Array.from({ length: span }, (_, i) => basePoints(place + i));
    out.set(userId, Math.round((sum(bases) / span) * weight));
  }
  return out;
}

/** Mean conservative skill, each floored at 0, of the (at most) 8 strongest entrants. */
export function tournamentRating(conservatives: number[]): number {
  const top = conservatives
    .map((c) => Math.max(0, c))
    .sort((a, b) => b - a)
    .slice(0, 8);
  return sum(top) / top.length;
}

export const tournamentWeight = (rating: number): number => Math.max(0.1, rating / 1500);
