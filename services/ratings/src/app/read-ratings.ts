import { problem, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { conservativeRating, INITIAL_RATING } from '../domain/glicko2.js';
import { decodeCursor, encodeCursor } from '../domain/leaderboard-cursor.js';

export interface RatingView {
  userId: string;
  rating: number;
  rd: number;
  volatility: number;
  conservative: number;
  points: number;
  battles: number;
}

export interface LeaderboardEntry extends Omit<RatingView, 'volatility'> {
  login?: string;
}

export interface HistoryPoint {
  at: string;
  battleId: string;
  rating: number;
  rd: number;
  conservative: number;
}

const unrated = (userId: string): RatingView => ({
  userId,
  ...INITIAL_RATING,
  conservative: conservativeRating(INITIAL_RATING),
  points: 0,
  battles: 0,
});

/**
 * Leaderboards: `skill` ranks players with at least one rated battle by conservative rating,
 * `points` ranks players holding rating points; ties go to the smaller user id. Keyset-paginated.
 */
export async function leaderboard(
  db: Kysely<Database>,
  query: { by: 'skill' | 'points'; limit: number; cursor?: string },
): Promise<{ items: LeaderboardEntry[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) {
    throw problem(400, 'Invalid cursor', 'cursor must be a value returned as nextCursor');
  }
  const key = query.by === 'skill' ? 'players.conservative' : 'players.points';
  let select = db
    .selectFrom('players')
    .leftJoin('users', 'users.id', 'players.user_id')
    .select([
      'players.user_id',
      'users.login',
      'players.rating',
      'players.rd',
      'players.conservative',
      'players.points',
      'players.battles',
    ])
    .where(query.by === 'skill' ? 'players.battles' : 'players.points', '>', 0)
    .orderBy(key, 'desc')
    .orderBy('players.user_id')
    .limit(query.limit + 1);
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb(key, '<', after.value),
        eb.and([eb(key, '=', after.value), eb('players.user_id', '>', after.userId)]),
      ]),
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      userId: r.user_id,
      ...(r.login !== null ? { login: r.login } : {}),
      rating: r.rating,
      rd: r.rd,
      conservative: r.conservative,
      points: r.points,
      battles: r.battles,
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({
            value: query.by === 'skill' ? last.conservative : last.points,
            userId: last.user_id,
          })
        : null,
  };
}

/**
 * One player's rating with the latest `historyLimit` points of its history, oldest first (a chart).
 * A user ratings knows (from the users stream) but who has not been rated yet answers the initial
 * rating; an id nobody knows is 404.
 */
export async function playerRating(
  db: Kysely<Database>,
  userId: string,
  historyLimit: number,
): Promise<RatingView & { history: HistoryPoint[] }> {
  const [player] = await ratingsOf(db, [userId], { onlyKnown: true });
  if (!player) {
    const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw problem(404, 'Player not found', `There is no user ${userId}`);
    return { ...unrated(userId), history: [] };
  }
  const history = await db
    .selectFrom('rating_history')
    .select(['at', 'battle_id', 'rating', 'rd', 'conservative'])
    .where('user_id', '=', userId)
    .orderBy('at', 'desc')
    .orderBy('battle_id', 'desc')
    .limit(historyLimit)
    .execute();
  return {
    ...player,
    history: history.reverse().map((h) => ({
      at: h.at.toISOString(),
      battleId: h.battle_id,
      rating: h.rating,
      rd: h.rd,
      conservative: h.conservative,
    })),
  };
}

/**
 * Current ratings of many users, in the order asked; a user never rated gets the initial rating
 * (what a newcomer entering a tournament counts as), unless `onlyKnown`.
 */
export async function ratingsOf(
  db: Kysely<Database>,
  userIds: readonly string[],
  opts: { onlyKnown?: boolean } = {},
): Promise<RatingView[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await db.selectFrom('players').selectAll().where('user_id', 'in', unique).execute();
  const byId = new Map(rows.map((r) => [r.user_id, r]));
  return unique.flatMap((userId) => {
    const r = byId.get(userId);
    if (!r) return opts.onlyKnown ? [] : [unrated(userId)];
    return [
      {
        userId,
        rating: r.rating,
        rd: r.rd,
        volatility: r.volatility,
        conservative: r.conservative,
        points: r.points,
        battles: r.battles,
      },
    ];
  });
}
