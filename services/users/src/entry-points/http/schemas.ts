import { Type } from 'typebox';
import { ROLES } from '../../domain/roles.js';
import type { RatingCopy } from '../../domain/rating-copy.js';
import type { User } from '../../domain/user.js';

export const UserBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    login: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.String({ enum: [...ROLES] })),
    active: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    rating: Type.Optional(
      Type.Union(
        [
          Type.Object(
            {
              skill: Type.Number({ description: 'Glicko-2 rating' }),
              rd: Type.Number({ description: 'rating deviation' }),
              conservative: Type.Number({ description: 'skill − 2·RD, what leaderboards rank by' }),
              points: Type.Integer({ description: 'tournament rating points of the last 12 months' }),
              battles: Type.Integer({ description: 'ranked battles rated' }),
              changedAt: Type.String({ format: 'date-time' }),
            },
            {
              description:
                'a copy of the player’s rating (ratings owns it; GET /api/ratings/{id} has the history)',
            },
          ),
          Type.Null(),
        ],
        { description: 'on single-account reads; null until the player has a rating' },
      ),
    ),
  },
  { description: 'An account' },
);

export const UsersPageBody = Type.Object({
  items: Type.Array(UserBody),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'pass as `cursor` for the next page; null on the last',
  }),
});

export const IdParams = Type.Object({ id: Type.String({ description: 'user id (UUID)' }) });

export const ProblemBody = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** The wire shape of a user (dates as ISO 8601); `rating` only where the caller looked it up. */
export function presentUser(user: User, rating?: RatingCopy | null) {
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    roles: user.roles,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
    ...(rating === undefined
      ? {}
      : { rating: rating && { ...rating, changedAt: rating.changedAt.toISOString() } }),
  };
}
