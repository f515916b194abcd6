import type { Bus, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { changePlayer, lockPlayers, pointsSince } from '../adapters/players.js';
import { publishRatingChanged } from '../adapters/rating-changed.js';
import { pointsWindowStart } from '../domain/rating-points.js';

/** What ratings reads of tournament.finished v1. */
export interface FinishedTournament {
  tournamentId: string;
  seriesId: string | null;
  title: string;
  weight: number;
  rating: number;
  finishedAt: string;
  participants: Array<{ userId: string; place: number; points: number }>;
}

/**
 * Enters a tournament's points into the ledger exactly once (the tournament id is its key) and
 * sets every participant's rating points to their sum inside the window, publishing rating.changed
 * for each whose points moved.
 */
export async function recordTournament(
  tx: Transaction<Database>,
  bus: Bus,
  tournament: FinishedTournament,
  windowMonths: number,
): Promise<'recorded' | 'already-recorded'> {
  const finishedAt = new Date(tournament.finishedAt);
  const entered = await tx
    .insertInto('finished_tournaments')
    .values({
      tournament_id: tournament.tournamentId,
      series_id: tournament.seriesId,
      title: tournament.title,
      weight: tournament.weight,
      rating: tournament.rating,
      finished_at: finishedAt,
    })
    .onConflict((oc) => oc.column('tournament_id').doNothing())
    .returning('tournament_id')
    .executeTakeFirst();
  if (!entered) return 'already-recorded';

  // One entry per user: should a producer list somebody twice, the first entry counts.
  const byUser = new Map(tournament.participants.map((p) => [p.userId, p] as const).reverse());
  if (byUser.size === 0) return 'recorded';
  await tx
    .insertInto('tournament_points')
    .values(
      [...byUser.values()].map((p) => ({
        tournament_id: tournament.tournamentId,
        user_id: p.userId,
        place: p.place,
        points: p.points,
        finished_at: finishedAt,
      })),
    )
    .execute();

  const now = new Date();
  const windowStart = pointsWindowStart(now, windowMonths);
  const rows = await lockPlayers(tx, [...byUser.keys()]);
  for (const [userId, before] of rows) {
    const points = await pointsSince(tx, userId, windowStart);
    if (points === before.points) continue;
    const row = await changePlayer(tx, userId, { points }, now);
    await publishRatingChanged(tx, bus, row, {
      reason: 'tournament',
      tournamentId: tournament.tournamentId,
    });
  }
  return 'recorded';
}
