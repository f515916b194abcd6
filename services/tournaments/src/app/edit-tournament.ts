import { problem, withTransaction, type Identity } from '@garrison/kit';
import { json } from '../database.js';
import { loadTournament, type TournamentView } from '../adapters/tournament-view.js';
import { lockTournament, requireOrganizer, requireUpcoming } from './access.js';
import type { Deps } from './deps.js';
import { scheduleStart } from './start-schedule.js';
import { checkTournament, type TournamentInput } from './tournament-input.js';

export type TournamentPatch = Partial<TournamentInput>;

/** PATCH: the organiser changes a tournament before it starts; a new start time is scheduled anew. */
export async function editTournament(
  deps: Deps,
  id: string,
  who: Identity,
  patch: TournamentPatch,
): Promise<TournamentView> {
  const moved = await withTransaction(deps.db, async (tx) => {
    const t = await lockTournament(tx, id);
    requireOrganizer(t, who);
    requireUpcoming(t, 'edit it');
    const next: TournamentInput = {
      title: patch.title ?? t.title,
      description: patch.description ?? t.description,
      format: patch.format ?? t.format,
      swissRounds: patch.swissRounds !== undefined ? patch.swissRounds : t.swiss_rounds,
      rules: patch.rules ?? t.rules,
      capacity: patch.capacity ?? t.capacity,
      visibility: patch.visibility ?? t.visibility,
      startsAt: patch.startsAt ?? t.starts_at,
      registrationClosesAt: patch.registrationClosesAt ?? t.registration_closes_at,
      broadcast: patch.broadcast ?? t.broadcast,
    };
    checkTournament(next, new Date(), deps.settings.maxCapacity);
    const accepted = await tx
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tournament_id', '=', id)
      .where('status', '=', 'accepted')
      .executeTakeFirstOrThrow();
    if (next.capacity < Number(accepted.n))
      throw problem(409, 'Capacity below entrants', `${accepted.n} entrants are accepted already`);
    await tx
      .updateTable('tournaments')
      .set({
        title: next.title,
        description: next.description,
        format: next.format,
        swiss_rounds: next.swissRounds,
        rules: json(next.rules),
        capacity: next.capacity,
        visibility: next.visibility,
        starts_at: next.startsAt,
        registration_closes_at: next.registrationClosesAt,
        broadcast: next.broadcast ?? false,
      })
      .where('id', '=', id)
      .execute();
    return next.startsAt.getTime() !== t.starts_at.getTime() ? next.startsAt : undefined;
  });
  if (moved) await scheduleStart(deps.scheduler, id, moved, deps.log);
  return loadTournament(deps.db, id);
}
