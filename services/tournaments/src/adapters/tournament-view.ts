import { problem, type Kysely, type Selectable, type Transaction } from '@garrison/kit';
import type { BotChoice, Database, MatchStatus, Rules, TournamentsTable } from '../database.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface TournamentSummary {
  id: string;
  title: string;
  description: string;
  organizerId: string;
  format: string;
  swissRounds: number | null;
  rules: Rules;
  capacity: number;
  visibility: 'public' | 'invite-only';
  startsAt: string;
  registrationClosesAt: string;
  status: 'upcoming' | 'running' | 'finished' | 'cancelled';
  seriesId: string | null;
  rating: number | null;
  weight: number | null;
  cancelReason: string | null;
  broadcast: boolean;
}

export interface BattleView {
  battleId: string | null;
  status: MatchStatus;
  participants: Array<{ userId: string; place: number | null; score: number | null; forfeited: boolean }>;
}

export interface TournamentView extends TournamentSummary {
  participants: Array<{ userId: string; bot: BotChoice; place: number | null; points: number | null }>;
  rounds: Array<{ number: number; battles: BattleView[]; byes: string[] }>;
}

export const toSummary = (t: Selectable<TournamentsTable>): TournamentSummary => ({
  id: t.id,
  title: t.title,
  description: t.description,
  organizerId: t.organizer_id,
  format: t.format,
  swissRounds: t.swiss_rounds,
  rules: t.rules,
  capacity: t.capacity,
  visibility: t.visibility,
  startsAt: t.starts_at.toISOString(),
  registrationClosesAt: t.registration_closes_at.toISOString(),
  status: t.status,
  seriesId: t.series_id,
  rating: t.rating,
  weight: t.weight,
  cancelReason: t.cancel_reason,
  broadcast: t.broadcast,
});

/**
 * The whole tournament as SPEC 3.5 shows it. Before the start the participants are the accepted
 * applications; from the start on, the fixed entrants with their places and points.
 */
export async function loadTournament(db: Db, id: string): Promise<TournamentView> {
  const t = await db.selectFrom('tournaments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw problem(404, 'Tournament not found', `There is no tournament ${id}`);
  const participants =
    t.status === 'upcoming' || (t.status === 'cancelled' && !t.started_at)
      ? (
          await db
            .selectFrom('applications')
            .select(['user_id', 'bot'])
            .where('tournament_id', '=', id)
            .where('status', '=', 'accepted')
            .orderBy('created_at')
            .execute()
        ).map((a) => ({ userId: a.user_id, bot: a.bot, place: null, points: null }))
      : (
          await db
            .selectFrom('participants')
            .selectAll()
            .where('tournament_id', '=', id)
            .orderBy((eb) => eb.fn.coalesce('place', eb.val(1_000_000)))
            .orderBy('seed')
            .execute()
        ).map((p) => ({ userId: p.user_id, bot: p.bot, place: p.place, points: p.points }));
  const rounds = await db
    .selectFrom('rounds')
    .selectAll()
    .where('tournament_id', '=', id)
    .orderBy('number')
    .execute();
  const matches = await db
    .selectFrom('matches')
    .selectAll()
    .where('tournament_id', '=', id)
    .orderBy('round')
    .orderBy('k')
    .execute();
  return {
    ...toSummary(t),
    participants,
    rounds: rounds.map((r) => ({
      number: r.number,
      byes: r.byes,
      battles: matches
        .filter((m) => m.round === r.number)
        .map((m) => ({
          battleId: m.battle_id,
          status: m.status,
          participants: m.participants.map((userId) => {
            const o = m.outcome?.find((x) => x.userId === userId);
            return {
              userId,
              place: o?.place ?? null,
              score: o?.score ?? null,
              forfeited: o?.forfeited ?? false,
            };
          }),
        })),
    })),
  };
}
