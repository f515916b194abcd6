import { identityOf, requireAuth, requireRole, type HttpApp } from '@garrison/kit';
import { Type } from 'typebox';
import { changeRoles } from '../../app/commands/change-roles.js';
import { createUser } from '../../app/commands/create-user.js';
import { deactivateUser, editUser } from '../../app/commands/edit-user.js';
import { updateUser } from '../../app/commands/update-user.js';
import { getUser } from '../../app/queries/get-user.js';
import { listUsers } from '../../app/queries/list-users.js';
import type { UsersDeps } from '../../app/ports.js';
import type { User } from '../../domain/user.js';
import { answering } from './problems.js';
import { IdParams, ProblemBody, UserBody, UsersPageBody, presentUser } from './schemas.js';

const tags = ['users'];
const errors = { 400: ProblemBody, 401: ProblemBody, 403: ProblemBody, 404: ProblemBody, 409: ProblemBody };
const isAdmin = (roles: string[]) => roles.includes('admin');

export function registerUserRoutes(app: HttpApp, deps: UsersDeps): void {
  /** Single-account reads carry the player's rating copy as well. */
  const presentProfile = async (user: User) =>
    presentUser(user, (await deps.ratings?.ofUser(user.id)) ?? null);

  app.get(
    '/api/users/me',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'The caller’s own account', response: { 200: UserBody, ...errors } },
    },
    async (req) => presentProfile(await answering(() => getUser(deps, identityOf(req).userId))),
  );

  app.patch(
    '/api/users/me',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Change the caller’s display name',
        body: Type.Object({ displayName: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: UserBody, ...errors },
      },
    },
    async (req) =>
      presentUser(
        await answering(() =>
          updateUser(deps, identityOf(req).userId, { displayName: req.body.displayName }),
        ),
      ),
  );

  app.get(
    '/api/users',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Search accounts (by login or display name), ordered by login, keyset-paginated',
        description: 'Admins also see deactivated accounts.',
        querystring: Type.Object({
          query: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          cursor: Type.Optional(Type.String({ maxLength: 512 })),
        }),
        response: { 200: UsersPageBody, ...errors },
      },
    },
    async (req) => {
      const { query, limit, cursor } = req.query;
      const page = await answering(() =>
        listUsers(deps, { query, limit, cursor, includeInactive: isAdmin(identityOf(req).roles) }),
      );
      return { items: page.items.map((user) => presentUser(user)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/users/:id',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'One account', params: IdParams, response: { 200: UserBody, ...errors } },
    },
    async (req) => presentProfile(await answering(() => getUser(deps, req.params.id))),
  );

  app.post(
    '/api/users',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Create an account (admin)',
        description:
          'Without roles the account gets the default roles. The account has no password until one is set in auth.',
        body: Type.Object(
          {
            login: Type.String({ maxLength: 64 }),
            displayName: Type.String({ maxLength: 200 }),
            roles: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserBody, ...errors },
      },
    },
    async (req, reply) => {
      const user = await answering(() => createUser(deps, req.body));
      return reply.code(201).header('location', `/api/users/${user.id}`).send(presentUser(user));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Edit an account (admin): display name, or reactivate/deactivate',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ maxLength: 200 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserBody, ...errors },
      },
    },
    async (req) =>
      presentUser(await answering(() => editUser(deps, identityOf(req).userId, req.params.id, req.body))),
  );

  app.put(
    '/api/users/:id/roles',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Replace an account’s roles (admin)',
        description:
          'Roles: admin, manager, accountant, worker, player. An unknown role is refused and nothing changes.',
        params: IdParams,
        body: Type.Object(
          { roles: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 }) },
          { additionalProperties: false },
        ),
        response: { 200: UserBody, ...errors },
      },
    },
    async (req) =>
      presentUser(
        await answering(() => changeRoles(deps, identityOf(req).userId, req.params.id, req.body.roles)),
      ),
  );

  app.delete(
    '/api/users/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Deactivate an account (admin; soft delete, the account stays readable)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await answering(() => deactivateUser(deps, identityOf(req).userId, req.params.id));
      return reply.code(204).send(null);
    },
  );
}
