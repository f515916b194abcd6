import { Type } from 'typebox';
import { ROLES } from '../../domain/roles.js';
import type { User } from '../../domain/user.js';

export const UserBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    login: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.String({ enum: [...ROLES] })),
    active: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
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

/** The wire shape of a user (dates as ISO 8601). */
export function presentUser(user: User) {
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    roles: user.roles,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}
