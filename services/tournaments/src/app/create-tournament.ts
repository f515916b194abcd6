import { randomUUID } from 'node:crypto';
import { withTransaction, type Bus, type Selectable } from '@garrison/kit';
import { json, type TournamentsTable } from '../database.js';
import { loadTournament, type TournamentView } from '../adapters/tournament-view.js';
import type { Deps } from './deps.js';
import type { Tx } from './ports.js';
import { scheduleStart } from './start-schedule.js';
import { checkTournament, type TournamentInput } from './tournament-input.js';

/** Stores a tournament and its `tournament.created` in the caller's transaction. */
export async function insertTournament(
  tx: Tx,
  bus: Bus,
  organizerId: string,
  input: TournamentInput,
  series?: { id: string; edition: number },
): Promise<Selectable<TournamentsTable> | undefined> {
  const row = await tx
    .insertInto('tournaments')
    .values({
      id: randomUUID(),
      title: input.title,
      description: input.description,
      organizer_id: organizerId,
      format: input.format,
      swiss_rounds: input.swissRounds,
      rules: json(input.rules),
      capacity: input.capacity,
      visibility: input.visibility,
      starts_at: input.startsAt,
      registration_closes_at: input.registrationClosesAt,
      status: 'upcoming',
      series_id: series?.id ?? null,
      edition: series?.edition ?? null,
      rating: null,
      weight: null,
      cancel_reason: null,
      started_at: null,
      finished_at: null,
      broadcast: input.broadcast ?? false,
    })
    .onConflict((oc) => oc.columns(['series_id', 'starts_at']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined; // this series edition exists already
  await bus.publish(tx, {
    type: 'tournament.created',
    version: 1,
    data: {
      tournamentId: row.id,
      title: row.title,
      organizerId: row.organizer_id,
      format: row.format,
      visibility: row.visibility,
      capacity: row.capacity,
      startsAt: row.starts_at.toISOString(),
      registrationClosesAt: row.registration_closes_at.toISOString(),
      seriesId: row.series_id,
    },
  });
  return row;
}

/** POST /api/tournaments: any user organises a one-off tournament. */
export async function createTournament(
  deps: Deps,
  organizerId: string,
  input: TournamentInput,
): Promise<TournamentView> {
  checkTournament(input, new Date(), deps.settings.maxCapacity);
  const row = await withTransaction(deps.db, (tx) => insertTournament(tx, deps.bus, organizerId, input));
  await scheduleStart(deps.scheduler, row!.id, row!.starts_at, deps.log);
  return loadTournament(deps.db, row!.id);
}
