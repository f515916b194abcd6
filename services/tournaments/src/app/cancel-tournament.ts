import { withTransaction, type Bus, type Identity, type Selectable } from '@garrison/kit';
import type { TournamentsTable } from '../database.js';
import { loadTournament, type TournamentView } from '../adapters/tournament-view.js';
import { lockTournament, requireOrganizer, requireUpcoming } from './access.js';
import type { Deps } from './deps.js';
import type { Tx } from './ports.js';

/** Marks a locked, upcoming tournament cancelled and tells everyone who applied. */
export async function markCancelled(
  tx: Tx,
  bus: Bus,
  t: Selectable<TournamentsTable>,
  reason: string,
): Promise<void> {
  const now = new Date();
  await tx
    .updateTable('tournaments')
    .set({ status: 'cancelled', cancel_reason: reason, finished_at: now })
    .where('id', '=', t.id)
    .execute();
  const applicants = await tx
    .selectFrom('applications')
    .select('user_id')
    .where('tournament_id', '=', t.id)
    .where('status', '!=', 'rejected')
    .orderBy('created_at')
    .execute();
  await bus.publish(tx, {
    type: 'tournament.cancelled',
    version: 1,
    data: {
      tournamentId: t.id,
      title: t.title,
      seriesId: t.series_id,
      reason,
      cancelledAt: now.toISOString(),
      userIds: applicants.map((a) => a.user_id),
    },
  });
}

/** POST /api/tournaments/{id}/cancel: the organiser calls it off before the start. */
export async function cancelTournament(
  deps: Deps,
  id: string,
  who: Identity,
  reason: string | undefined,
): Promise<TournamentView> {
  await withTransaction(deps.db, async (tx) => {
    const t = await lockTournament(tx, id);
    requireOrganizer(t, who);
    requireUpcoming(t, 'cancel it');
    await markCancelled(tx, deps.bus, t, reason?.trim() || 'cancelled by the organiser');
  });
  return loadTournament(deps.db, id);
}
