import { randomUUID } from 'node:crypto';
import { problem, withTransaction, type Selectable } from '@garrison/kit';
import { json, type SeriesTable, type TournamentsTable } from '../database.js';
import { checkSchedule, nextOccurrence, type SeriesSchedule } from '../domain/schedule.js';
import { seriesRating } from '../domain/tournament-rating.js';
import { toSummary, type TournamentSummary } from '../adapters/tournament-view.js';
import { insertTournament } from './create-tournament.js';
import type { Deps } from './deps.js';
import type { Tx } from './ports.js';
import { scheduleStart } from './start-schedule.js';
import { settingsProblems, type TournamentSettings } from './tournament-input.js';

export interface SeriesInput extends TournamentSettings {
  schedule: SeriesSchedule;
}

export interface SeriesView {
  id: string;
  title: string;
  description: string;
  organizerId: string;
  format: string;
  swissRounds: number | null;
  rules: TournamentSettings['rules'];
  capacity: number;
  visibility: TournamentSettings['visibility'];
  schedule: SeriesSchedule;
  rating: number;
  editions: TournamentSummary[];
}

/**
 * Makes sure the series has an upcoming edition: when none is left, the next one is created at the
 * schedule's next play time after `after` (and after now). The (series, startsAt) key makes a second
 * attempt a no-op, so the cron sweep and a starting edition can both call it.
 */
export async function ensureNextEdition(
  tx: Tx,
  deps: Deps,
  seriesId: string,
  after: Date,
): Promise<Selectable<TournamentsTable> | undefined> {
  const s = await tx
    .selectFrom('series')
    .selectAll()
    .where('id', '=', seriesId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const editions = await tx
    .selectFrom('tournaments')
    .select(['id', 'status', 'starts_at'])
    .where('series_id', '=', seriesId)
    .execute();
  if (editions.some((e) => e.status === 'upcoming' && e.starts_at.getTime() > after.getTime()))
    return undefined;
  const now = new Date();
  const latest = Math.max(now.getTime(), after.getTime(), ...editions.map((e) => e.starts_at.getTime()));
  const startsAt = nextOccurrence(s.schedule, new Date(latest));
  const closes = new Date(
    Math.max(now.getTime(), startsAt.getTime() - deps.settings.seriesRegistrationMinutes * 60_000),
  );
  const edition = editions.length + 1;
  return insertTournament(
    tx,
    deps.bus,
    s.organizer_id,
    {
      title: `${s.title} #${edition}`,
      description: s.description,
      format: s.format,
      swissRounds: s.swiss_rounds,
      rules: s.rules,
      capacity: s.capacity,
      visibility: s.visibility,
      startsAt,
      registrationClosesAt: closes,
    },
    { id: s.id, edition },
  );
}

/** POST /api/series: a regular tournament; its first edition is created at once. */
export async function createSeries(deps: Deps, organizerId: string, input: SeriesInput): Promise<SeriesView> {
  const problems = [
    ...settingsProblems(input, deps.settings.maxCapacity),
    ...checkSchedule(input.schedule).map((p) => `schedule.${p}`),
  ];
  if (problems.length > 0) throw problem(422, 'Invalid series', problems.join('; '), { problems });
  const { id, first } = await withTransaction(deps.db, async (tx) => {
    const row = await tx
      .insertInto('series')
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
        schedule: json(input.schedule),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, first: await ensureNextEdition(tx, deps, row.id, new Date()) };
  });
  if (first) await scheduleStart(deps.scheduler, first.id, first.starts_at, deps.log);
  return getSeries(deps, id);
}

/** GET /api/series/{id}: the series, its editions (newest first) and its rating so far. */
export async function getSeries(deps: Deps, id: string): Promise<SeriesView> {
  const s = await deps.db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw problem(404, 'Series not found', `There is no series ${id}`);
  const editions = await deps.db
    .selectFrom('tournaments')
    .selectAll()
    .where('series_id', '=', id)
    .orderBy('starts_at')
    .execute();
  return toSeriesView(
    s,
    editions.map(toSummary),
    seriesRating(editions.filter((e) => e.rating !== null).map((e) => e.rating!)),
  );
}

const toSeriesView = (
  s: Selectable<SeriesTable>,
  editions: TournamentSummary[],
  rating: number,
): SeriesView => ({
  id: s.id,
  title: s.title,
  description: s.description,
  organizerId: s.organizer_id,
  format: s.format,
  swissRounds: s.swiss_rounds,
  rules: s.rules,
  capacity: s.capacity,
  visibility: s.visibility,
  schedule: s.schedule,
  rating,
  editions: editions.reverse(),
});

/** The cron sweep: every series gets an upcoming edition (after a missed start, a crash, a restart). */
export async function ensureEditions(deps: Deps): Promise<number> {
  const all = await deps.db.selectFrom('series').select('id').execute();
  let created = 0;
  for (const { id } of all) {
    const edition = await withTransaction(deps.db, (tx) => ensureNextEdition(tx, deps, id, new Date()));
    if (edition) {
      created++;
      await scheduleStart(deps.scheduler, edition.id, edition.starts_at, deps.log);
    }
  }
  return created;
}
