import type { Role } from '../domain/roles.js';
import type { User } from '../domain/user.js';

// The events users publishes (contracts/events/users/*.v1.json). Built here so every use case emits
// exactly the agreed shapes.
export type UserEvent =
  | {
      type: 'user.created';
      data: {
        id: string;
        login: string;
        displayName: string;
        roles: Role[];
        active: true;
        createdAt: string;
      };
    }
  | { type: 'user.updated'; data: { id: string; login: string; displayName: string; active: boolean } }
  | { type: 'user.deactivated'; data: { id: string; login: string } }
  | { type: 'user.roles-changed'; data: { id: string; login: string; roles: Role[]; previousRoles: Role[] } };

export const userCreated = (user: User): UserEvent => ({
  type: 'user.created',
  data: {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    roles: user.roles,
    active: true,
    createdAt: user.createdAt.toISOString(),
  },
});

export const userUpdated = (user: User): UserEvent => ({
  type: 'user.updated',
  data: { id: user.id, login: user.login, displayName: user.displayName, active: user.active },
});

export const userDeactivated = (user: User): UserEvent => ({
  type: 'user.deactivated',
  data: { id: user.id, login: user.login },
});

export const userRolesChanged = (user: User, previousRoles: Role[]): UserEvent => ({
  type: 'user.roles-changed',
  data: { id: user.id, login: user.login, roles: user.roles, previousRoles },
});
