// The standings table of a round-robin or Swiss tournament, worked out from the rounds the API
// returns, in the order the service ranks: match points (win 1, draw ½, a Swiss bye 1), then Buchholz
// for Swiss, then total battle score. Final places, once the tournament has them, win over all that.
import type { TournamentParticipant, TournamentRound } from '../api/competition-types';
import { seatResults } from './duel-result';

export interface StandingRow {
  userId: string;
  /** Shown rank: the final place, or the position among those level on every tie-break. */
  rank: number;
  played: number;
  wins: number;
  draws: number;
  losses: number;
  byes: number;
  points: number;
  /** Sum of the opponents' points (Swiss tie-break). */
  buchholz: number;
  score: number;
  /** Rating points earned, once the tournament finished. */
  ratingPoints: number | null;
}

export function computeStandings(
  format: string,
  participants: readonly TournamentParticipant[],
  rounds: readonly TournamentRound[],
): StandingRow[] {
  const swiss = format === 'swiss';
  const rows = new Map<string, StandingRow>(
    participants.map((p) => [
      p.userId,
      {
        userId: p.userId,
        rank: 0,
        played: 0,
        wins: 0,
        draws: 0,
        losses: 0,
        byes: 0,
        points: 0,
        buchholz: 0,
        score: 0,
        ratingPoints: p.points,
      },
    ]),
  );
  const opponents = new Map<string, string[]>();
  for (const round of rounds) {
    for (const bye of round.byes) {
      const row = rows.get(bye);
      if (!row) continue;
      row.byes += 1;
      if (swiss) row.points += 1;
    }
    for (const match of round.battles) {
      const results = seatResults(match);
      match.participants.forEach((seat, i) => {
        const row = rows.get(seat.userId);
        const result = results[i];
        if (!row || !result) return;
        row.played += 1;
        row.score += seat.score ?? 0;
        if (result === 'win') row.wins += 1;
        if (result === 'draw') row.draws += 1;
        if (result === 'loss') row.losses += 1;
        row.points += result === 'win' ? 1 : result === 'draw' ? 0.5 : 0;
        const others = match.participants.filter((o) => o.userId !== seat.userId).map((o) => o.userId);
        opponents.set(seat.userId, [...(opponents.get(seat.userId) ?? []), ...others]);
      });
    }
  }
  if (swiss)
    for (const row of rows.values())
      row.buchholz = (opponents.get(row.userId) ?? []).reduce(
        (sum, o) => sum + (rows.get(o)?.points ?? 0),
        0,
      );

  const place = new Map(participants.map((p) => [p.userId, p.place]));
  const finalPlaces = participants.length > 0 && participants.every((p) => p.place !== null);
  const compare = (a: StandingRow, b: StandingRow) =>
    finalPlaces
      ? (place.get(a.userId) ?? 0) - (place.get(b.userId) ?? 0)
      : b.points - a.points || b.buchholz - a.buchholz || b.score - a.score;
  const ordered = [...rows.values()].sort(compare);
  ordered.forEach((row, i) => {
    const before = ordered[i - 1];
    row.rank = finalPlaces
      ? (place.get(row.userId) ?? i + 1)
      : before && compare(before, row) === 0
        ? before.rank
        : i + 1;
  });
  return ordered;
}

/** "1", "½", "2½": match points as a table shows them. */
export function formatPoints(points: number): string {
  const whole = Math.floor(points);
  const half = points - whole >= 0.5;
  if (!half) return String(whole);
  return whole === 0 ? '½' : `${whole}½`;
}
