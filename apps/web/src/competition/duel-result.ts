// Who won a tournament battle, as the web shows it: places decide, a forfeit loses, equal places draw.
import type { MatchSeat, TournamentMatch } from '../api/competition-types';

export type SeatResult = 'win' | 'loss' | 'draw' | null;

/** The result of each seat of a finished match (null while it is not played). */
export function seatResults(match: TournamentMatch): SeatResult[] {
  const seats = match.participants;
  if (match.status !== 'finished' || seats.some((s) => s.place === null && !s.forfeited))
    return seats.map(() => null);
  const rank = (s: MatchSeat) =>
    s.forfeited ? Number.MAX_SAFE_INTEGER : (s.place ?? Number.MAX_SAFE_INTEGER);
  const best = Math.min(...seats.map(rank));
  const leaders = seats.filter((s) => rank(s) === best).length;
  return seats.map((s) => {
    if (rank(s) !== best) return 'loss';
    return leaders > 1 ? 'draw' : 'win';
  });
}

/** The single winner of a finished match, if there is one. */
export function winnerOf(match: TournamentMatch): string | null {
  const results = seatResults(match);
  const index = results.indexOf('win');
  return index >= 0 ? (match.participants[index]?.userId ?? null) : null;
}
