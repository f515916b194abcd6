import type { TournamentMatch, TournamentRound } from '../api/competition-types';

export interface OnAirMatch {
  round: number;
  match: TournamentMatch;
}

/**
 * What a broadcast tournament shows now and next (ADR 240): `now` are the battles running — being
 * computed or on air, their result not revealed yet — and `next` the battles waiting in the earliest
 * round that still has any.
 */
export function onAir(rounds: readonly TournamentRound[]): { now: OnAirMatch[]; next: OnAirMatch[] } {
  const now: OnAirMatch[] = [];
  let next: OnAirMatch[] = [];
  for (const round of rounds) {
    for (const match of round.battles) {
      if (match.status === 'running') now.push({ round: round.number, match });
    }
  }
  for (const round of rounds) {
    const waiting = round.battles.filter((m) => m.status === 'scheduled' || m.status === 'pending');
    if (waiting.length > 0) {
      next = waiting.map((match) => ({ round: round.number, match }));
      break;
    }
  }
  return { now, next };
}
