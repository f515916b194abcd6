import { sql, withTransaction, type Selectable } from '@garrison/kit';
import { json, type TournamentsTable } from '../database.js';
import { formatOf } from '../domain/formats/index.js';
import {
  editionWeight,
  NEWCOMER_SKILL,
  seriesRating,
  tournamentRating,
  tournamentWeight,
} from '../domain/tournament-rating.js';
import { markCancelled } from './cancel-tournament.js';
import type { Deps } from './deps.js';
import type { Tx } from './ports.js';
import { advance, openRound } from './rounds.js';
import { ensureNextEdition } from './series.js';
import { scheduleStart } from './start-schedule.js';

export type StartOutcome = 'started' | 'cancelled' | 'not-due';

/** The weight of a tournament: its own, lifted by its series' rating over the editions before it. */
async function weightOf(tx: Tx, t: Selectable<TournamentsTable>, rating: number): Promise<number> {
  const own = tournamentWeight(rating);
  if (!t.series_id) return own;
  const earlier = await tx
    .selectFrom('tournaments')
    .select('rating')
    .where('series_id', '=', t.series_id)
    .where('id', '!=', t.id)
    .where('rating', 'is not', null)
    .where('starts_at', '<', t.starts_at)
    .orderBy('starts_at')
    .execute();
  return editionWeight(own, seriesRating(earlier.map((e) => e.rating!)));
}

/**
 * Starts a due tournament exactly once, whatever instance or job calls it: the row is locked and only
 * an upcoming tournament whose time has come moves on. The accepted applications become the entrants,
 * seeded by conservative skill (a newcomer's 800 when unknown); rating and weight are fixed; round 1 is opened.
 * With fewer than two entrants the tournament is cancelled instead. A series gets its next edition.
 */
export async function startTournament(deps: Deps, tournamentId: string): Promise<StartOutcome> {
  const { outcome, nextEdition } = await withTransaction(deps.db, async (tx) => {
    const t = await tx
      .selectFrom('tournaments')
      .selectAll()
      .where('id', '=', tournamentId)
      .where('status', '=', 'upcoming')
      .where('starts_at', '<=', sql<Date>`now() + interval '1 second'`)
      .forUpdate()
      .executeTakeFirst();
    if (!t) return { outcome: 'not-due' as const, nextEdition: undefined };
    const nextEdition = t.series_id ? await ensureNextEdition(tx, deps, t.series_id, t.starts_at) : undefined;

    const accepted = await tx
      .selectFrom('applications')
      .select(['user_id', 'bot'])
      .where('tournament_id', '=', t.id)
      .where('status', '=', 'accepted')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (accepted.length < 2) {
      await markCancelled(tx, deps.bus, t, 'fewer than two accepted entrants at the start');
      return { outcome: 'cancelled' as const, nextEdition };
    }

    const skills = await deps.skills.conservativeOf(
      tx,
      accepted.map((a) => a.user_id),
    );
    const skillOf = (userId: string) => skills.get(userId) ?? NEWCOMER_SKILL;
    // stable sort: equal skill keeps the order of application
    const seeded = [...accepted].sort((a, b) => skillOf(b.user_id) - skillOf(a.user_id));
    const rating = tournamentRating(seeded.map((a) => skillOf(a.user_id)));
    const weight = await weightOf(tx, t, rating);
    const startedAt = new Date();

    await tx
      .insertInto('participants')
      .values(
        seeded.map((a, i) => ({
          tournament_id: t.id,
          user_id: a.user_id,
          bot: json(a.bot),
          seed: i + 1,
          skill: skillOf(a.user_id),
          place: null,
          points: null,
        })),
      )
      .execute();
    const running = await tx
      .updateTable('tournaments')
      .set({ status: 'running', started_at: startedAt, rating, weight })
      .where('id', '=', t.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.bus.publish(tx, {
      type: 'tournament.started',
      version: 1,
      data: {
        tournamentId: t.id,
        title: t.title,
        seriesId: t.series_id,
        format: t.format,
        rating,
        weight,
        startedAt: startedAt.toISOString(),
        participants: seeded.map((a, i) => ({ userId: a.user_id, seed: i + 1 })),
      },
    });
    const entrants = seeded.map((a, i) => ({ userId: a.user_id, seed: i + 1 }));
    const options = t.swiss_rounds !== null ? { rounds: t.swiss_rounds } : {};
    const first = formatOf(t.format).firstRound(entrants, options);
    await openRound(tx, deps.bus, running, 1, first);
    if (first.matches.length === 0) await advance(tx, deps.bus, running);
    return { outcome: 'started' as const, nextEdition };
  });
  if (nextEdition) await scheduleStart(deps.scheduler, nextEdition.id, nextEdition.starts_at, deps.log);
  return outcome;
}

/** Every tournament whose start time has passed and that is still upcoming (the safety-net sweep). */
export async function startDueTournaments(deps: Deps): Promise<number> {
  const due = await deps.db
    .selectFrom('tournaments')
    .select('id')
    .where('status', '=', 'upcoming')
    .where('starts_at', '<=', new Date())
    .execute();
  let started = 0;
  for (const { id } of due) if ((await startTournament(deps, id)) === 'started') started++;
  return started;
}
