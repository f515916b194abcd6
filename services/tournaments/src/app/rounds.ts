import type { Bus, Selectable } from '@garrison/kit';
import type { TournamentsTable } from '../database.js';
import { formatOf, type FormatState, type Pairings } from '../domain/formats/index.js';
import { ratingPoints } from '../domain/rating-points.js';
import type { Tx } from './ports.js';

type Tournament = Selectable<TournamentsTable>;

/** What the format needs to know, read back from the tables. */
export async function formatState(tx: Tx, t: Tournament): Promise<FormatState> {
  const entrants = await tx
    .selectFrom('participants')
    .select(['user_id', 'seed'])
    .where('tournament_id', '=', t.id)
    .orderBy('seed')
    .execute();
  const rounds = await tx
    .selectFrom('rounds')
    .selectAll()
    .where('tournament_id', '=', t.id)
    .orderBy('number')
    .execute();
  const matches = await tx
    .selectFrom('matches')
    .selectAll()
    .where('tournament_id', '=', t.id)
    .orderBy('round')
    .orderBy('k')
    .execute();
  return {
    entrants: entrants.map((e) => ({ userId: e.user_id, seed: e.seed })),
    rounds: rounds.map((r) => ({
      byes: r.byes,
      matches: matches
        .filter((m) => m.round === r.number)
        .map((m) => ({ participants: m.participants, outcome: m.outcome ?? undefined })),
    })),
    options: t.swiss_rounds !== null ? { rounds: t.swiss_rounds } : {},
  };
}

/**
 * Stores a round's pairings, announces it, and asks (through the outbox, in this transaction) for its
 * battles to be created — so a committed round always gets its battles.
 */
export async function openRound(
  tx: Tx,
  bus: Bus,
  t: Tournament,
  number: number,
  pairings: Pairings,
): Promise<void> {
  const startedAt = new Date();
  await tx.insertInto('rounds').values({ tournament_id: t.id, number, byes: pairings.byes }).execute();
  if (pairings.matches.length > 0) {
    await tx
      .insertInto('matches')
      .values(
        pairings.matches.map((participants, i) => ({
          tournament_id: t.id,
          round: number,
          k: i + 1,
          participants,
          battle_id: null,
          status: 'pending' as const,
          outcome: null,
        })),
      )
      .execute();
  }
  await bus.publish(tx, {
    type: 'tournament.round-started',
    version: 1,
    data: {
      tournamentId: t.id,
      title: t.title,
      round: number,
      startedAt: startedAt.toISOString(),
      matches: pairings.matches.map((participants) => ({ participants })),
      byes: pairings.byes,
    },
  });
  if (pairings.matches.length > 0) {
    await bus.send(tx, 'tournaments.schedule-battles', {
      type: 'tournament.schedule-battles',
      data: { tournamentId: t.id, round: number },
    });
  }
}

/** Final places and points; the tournament is finished and `tournament.finished` goes out. */
async function finish(tx: Tx, bus: Bus, t: Tournament, state: FormatState): Promise<void> {
  const standings = formatOf(t.format).standings(state);
  const weight = t.weight ?? 0.1;
  const points = ratingPoints(standings, weight);
  for (const s of standings) {
    await tx
      .updateTable('participants')
      .set({ place: s.place, points: points.get(s.userId)! })
      .where('tournament_id', '=', t.id)
      .where('user_id', '=', s.userId)
      .execute();
  }
  const finishedAt = new Date();
  await tx
    .updateTable('tournaments')
    .set({ status: 'finished', finished_at: finishedAt })
    .where('id', '=', t.id)
    .execute();
  await bus.publish(tx, {
    type: 'tournament.finished',
    version: 1,
    data: {
      tournamentId: t.id,
      seriesId: t.series_id,
      title: t.title,
      weight,
      rating: t.rating ?? 0,
      finishedAt: finishedAt.toISOString(),
      participants: [...standings]
        .sort((a, b) => a.place - b.place)
        .map((s) => ({ userId: s.userId, place: s.place, points: points.get(s.userId)! })),
    },
  });
}

/**
 * Called when a round is complete: opens the next round, or finishes the tournament. A round without
 * battles (everyone sat out) is complete at once, hence the loop.
 */
export async function advance(tx: Tx, bus: Bus, t: Tournament): Promise<void> {
  const format = formatOf(t.format);
  for (;;) {
    const state = await formatState(tx, t);
    const next = format.nextRound(state);
    if (!next) return finish(tx, bus, t, state);
    await openRound(tx, bus, t, state.rounds.length + 1, next);
    if (next.matches.length > 0) return;
  }
}
