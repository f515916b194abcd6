import { requireAuth, type HttpApp, type ServiceContext } from '@garrison/kit';
import type { Database } from '../../database.js';
import { leaderboard, playerRating, ratingsOf } from '../../app/read-ratings.js';
import {
  BatchQuery,
  BatchSchema,
  LeaderboardQuery,
  LeaderboardSchema,
  PlayerParams,
  PlayerQuery,
  PlayerRatingSchema,
} from './schemas.js';

const tags = ['ratings'];

export function registerRatingRoutes(app: HttpApp, ctx: ServiceContext<Database>): void {
  const { db } = ctx;

  app.get(
    '/api/ratings/leaderboard',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Leaderboard by skill (conservative rating) or by rating points',
        querystring: LeaderboardQuery,
        response: { 200: LeaderboardSchema },
      },
    },
    async (req) => leaderboard(db, req.query),
  );

  app.get(
    '/api/ratings',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Current ratings of several users (e.g. tournament seeding and tournament rating)',
        querystring: BatchQuery,
        response: { 200: BatchSchema },
      },
    },
    async (req) => ({ items: await ratingsOf(db, req.query.ids.toLowerCase().split(',')) }),
  );

  app.get(
    '/api/ratings/:userId',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: "A player's rating with its history (for a chart)",
        description: 'A known user who has not played a ranked battle answers the initial rating 1500/350.',
        params: PlayerParams,
        querystring: PlayerQuery,
        response: { 200: PlayerRatingSchema },
      },
    },
    async (req) => playerRating(db, req.params.userId, req.query.history),
  );
}
