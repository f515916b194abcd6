import { Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });

const ratingFields = {
  userId: Uuid,
  rating: Type.Number({ description: 'Glicko-2 rating (starts at 1500)' }),
  rd: Type.Number({ description: 'rating deviation (starts at 350)' }),
  conservative: Type.Number({ description: 'rating − 2·RD: what the leaderboard ranks by' }),
  points: Type.Integer({ description: 'tournament rating points of the last 12 months' }),
  battles: Type.Integer({ description: 'ranked battles rated' }),
};

export const LeaderboardEntrySchema = Type.Object({
  ...ratingFields,
  login: Type.Optional(Type.String({ description: 'absent until ratings has heard of the user' })),
});

export const LeaderboardSchema = Type.Object({
  items: Type.Array(LeaderboardEntrySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'pass as `cursor` for the next page; null on the last',
  }),
});

export const LeaderboardQuery = Type.Object({
  by: Type.Union([Type.Literal('skill'), Type.Literal('points')], { default: 'skill' }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const RatingSchema = Type.Object({
  ...ratingFields,
  volatility: Type.Number({ description: 'Glicko-2 σ (starts at 0.06)' }),
});

export const PlayerRatingSchema = Type.Object({
  ...ratingFields,
  volatility: Type.Number({ description: 'Glicko-2 σ (starts at 0.06)' }),
  history: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      battleId: Uuid,
      rating: Type.Number(),
      rd: Type.Number(),
      conservative: Type.Number(),
    }),
    { description: 'the rating after each rated battle, oldest first' },
  ),
});

export const PlayerParams = Type.Object({ userId: Uuid });

export const PlayerQuery = Type.Object({
  history: Type.Integer({
    minimum: 0,
    maximum: 1000,
    default: 100,
    description: 'how many of the latest history points to return',
  }),
});

const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const BatchQuery = Type.Object({
  ids: Type.String({
    minLength: 1,
    maxLength: 100 * 37,
    pattern: `^${UUID_PATTERN}(,${UUID_PATTERN}){0,99}$`,
    description: 'comma-separated user ids (at most 100)',
  }),
});

export const BatchSchema = Type.Object({
  items: Type.Array(RatingSchema, {
    description: 'one per distinct id asked, in that order; never-rated users at the initial rating',
  }),
});
