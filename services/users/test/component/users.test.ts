import { randomUUID } from 'node:crypto';
import { ConnectError, Code, type Client } from '@connectrpc/connect';
import { UsersService } from '@garrison/contracts/gen/garrison/users/v1/users_pb';
import {
  grpcTestClient,
  httpClient,
  needsPostgres,
  startTestService,
  type TestService,
  type Answer,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersDatabase } from '../../src/adapters/database.js';
import type { config } from '../../src/config.js';
import { usersService } from '../../src/service.js';

const pg = await needsPostgres();

describe.skipIf(!pg)('users service (real PostgreSQL and bus)', () => {
  let svc: TestService<UsersDatabase, typeof config>;
  let call: ReturnType<typeof httpClient>;
  let grpc: Client<typeof UsersService>;
  let closeGrpc = () => {};
  const admin = { id: randomUUID(), roles: ['admin'] };

  beforeAll(async () => {
    svc = await startTestService(usersService);
    call = httpClient(svc.url);
    ({ client: grpc, close: closeGrpc } = grpcTestClient(UsersService, svc.grpcUrl!));
  });

  afterAll(async () => {
    closeGrpc();
    await svc?.stop();
  });

  const createAs = async (login: string, roles?: string[]) => {
    const res = await call('POST', '/api/users', {
      as: admin,
      body: { login, displayName: `The ${login}`, roles },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; login: string; roles: string[] };
  };

  describe('accounts', () => {
    it('when an admin creates an account without roles, then it gets player and worker and user.created is published', async () => {
      const res = await call('POST', '/api/users', {
        as: admin,
        body: { login: 'Creator.One', displayName: ' Creator ' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        login: 'creator.one',
        displayName: 'Creator',
        roles: ['worker', 'player'],
        active: true,
      });
      const event = await svc.events.waitFor<{ id: string }>(
        'user.created',
        (e) => e.data.id === res.body.id,
      );
      expect(event.producer).toBe('users');
      expect(event.data).toEqual({ ...res.body, active: true });
    });

    it('when the login is already taken, then 409 problem+json', async () => {
      await createAs('taken.login');
      const res = await call('POST', '/api/users', {
        as: admin,
        body: { login: 'TAKEN.login', displayName: 'Dup' },
      });
      expect(res.status).toBe(409);
      expect(res.contentType).toContain('application/problem+json');
    });

    it('when the login is invalid, then 400 names the field and nothing is stored', async () => {
      const res = await call('POST', '/api/users', {
        as: admin,
        body: { login: 'no spaces allowed', displayName: 'X' },
      });
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/^login: /);
      const found = await call('GET', '/api/users?query=spaces', { as: admin });
      expect(found.body.items).toEqual([]);
    });

    it('when a non-admin creates an account, then 403 and nothing is stored', async () => {
      const res = await call('POST', '/api/users', {
        as: { id: randomUUID(), roles: ['player'] },
        body: { login: 'sneaky', displayName: 'Sneaky' },
      });
      expect(res.status).toBe(403);
      expect((await call('GET', '/api/users?query=sneaky', { as: admin })).body.items).toEqual([]);
    });

    it('when nobody is identified, then 401 problem+json', async () => {
      const res = await call('GET', '/api/users/me');
      expect(res.status).toBe(401);
      expect(res.contentType).toContain('application/problem+json');
    });

    it('when a user reads and renames themself, then /me answers and user.updated is published', async () => {
      const me = await createAs('self.service');
      const as = { id: me.id, roles: me.roles };
      expect((await call('GET', '/api/users/me', { as })).body).toMatchObject({
        id: me.id,
        login: 'self.service',
      });
      const renamed = await call('PATCH', '/api/users/me', { as, body: { displayName: 'Renamed' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body.displayName).toBe('Renamed');
      const event = await svc.events.waitFor<{ id: string }>('user.updated', (e) => e.data.id === me.id);
      expect(event.data).toEqual({ id: me.id, login: 'self.service', displayName: 'Renamed', active: true });
    });

    it('when an unknown or malformed id is asked for, then 404', async () => {
      expect((await call('GET', `/api/users/${randomUUID()}`, { as: admin })).status).toBe(404);
      expect((await call('GET', '/api/users/not-a-uuid', { as: admin })).status).toBe(404);
    });
  });

  describe('roles', () => {
    it('when an admin changes roles, then the new roles are stored and user.roles-changed is published', async () => {
      const user = await createAs('promoted');
      const res = await call('PUT', `/api/users/${user.id}/roles`, {
        as: admin,
        body: { roles: ['manager', 'player'] },
      });
      expect(res.status).toBe(200);
      expect(res.body.roles).toEqual(['manager', 'player']);
      const event = await svc.events.waitFor<{ id: string }>(
        'user.roles-changed',
        (e) => e.data.id === user.id,
      );
      expect(event.data).toEqual({
        id: user.id,
        login: 'promoted',
        roles: ['manager', 'player'],
        previousRoles: ['worker', 'player'],
      });
      expect((await call('GET', `/api/users/${user.id}`, { as: admin })).body.roles).toEqual([
        'manager',
        'player',
      ]);
    });

    it('when a non-admin changes roles, then 403 and the roles stay', async () => {
      const user = await createAs('not.promoted');
      const res = await call('PUT', `/api/users/${user.id}/roles`, {
        as: { id: user.id, roles: ['manager', 'worker'] },
        body: { roles: ['admin'] },
      });
      expect(res.status).toBe(403);
      expect(res.contentType).toContain('application/problem+json');
      expect((await call('GET', `/api/users/${user.id}`, { as: admin })).body.roles).toEqual([
        'worker',
        'player',
      ]);
    });

    it('when a role is unknown, then 400 names it and the roles stay', async () => {
      const user = await createAs('weird.roles');
      const res = await call('PUT', `/api/users/${user.id}/roles`, {
        as: admin,
        body: { roles: ['player', 'overlord'] },
      });
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.detail).toContain('"overlord"');
      expect((await call('GET', `/api/users/${user.id}`, { as: admin })).body.roles).toEqual([
        'worker',
        'player',
      ]);
    });

    it('when an admin removes their own admin role, then 409 and nothing changes', async () => {
      const self = await createAs('self.admin', ['admin']);
      const res = await call('PUT', `/api/users/${self.id}/roles`, {
        as: { id: self.id, roles: ['admin'] },
        body: { roles: ['player'] },
      });
      expect(res.status).toBe(409);
      expect((await call('GET', `/api/users/${self.id}`, { as: admin })).body.roles).toEqual(['admin']);
    });
  });

  describe('listing', () => {
    it('when pages are followed by cursor, then every match arrives once, in login order', async () => {
      const logins = ['page.e', 'page.a', 'page.d', 'page.c', 'page.b'];
      for (const login of logins) await createAs(login);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/api/users?query=page.&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res: Answer = await call('GET', query, { as: { id: randomUUID(), roles: ['player'] } });
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((u: { login: string }) => u.login));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual([...logins].sort());
      expect(pages).toBe(3);
    });

    it('when the search holds LIKE wildcards, then they match literally', async () => {
      await createAs('under_score');
      await createAs('underxscore');
      const res = await call('GET', '/api/users?query=under_', { as: admin });
      expect(res.body.items.map((u: { login: string }) => u.login)).toEqual(['under_score']);
    });

    it('when the cursor or limit is invalid, then 400 problem+json', async () => {
      expect((await call('GET', '/api/users?cursor=garbage', { as: admin })).status).toBe(400);
      expect((await call('GET', '/api/users?limit=0', { as: admin })).status).toBe(400);
      expect((await call('GET', '/api/users?limit=101', { as: admin })).status).toBe(400);
    });
  });

  describe('deactivation', () => {
    it('when an admin deletes an account, then it is deactivated (not removed) and user.deactivated is published', async () => {
      const user = await createAs('leaving');
      const res = await call('DELETE', `/api/users/${user.id}`, { as: admin });
      expect(res.status).toBe(204);
      expect((await call('GET', `/api/users/${user.id}`, { as: admin })).body).toMatchObject({
        login: 'leaving',
        active: false,
      });
      const event = await svc.events.waitFor<{ id: string }>(
        'user.deactivated',
        (e) => e.data.id === user.id,
      );
      expect(event.data).toEqual({ id: user.id, login: 'leaving' });
      const asPlayer = await call('GET', '/api/users?query=leaving', {
        as: { id: randomUUID(), roles: ['player'] },
      });
      expect(asPlayer.body.items).toEqual([]);
      const asAdmin = await call('GET', '/api/users?query=leaving', { as: admin });
      expect(asAdmin.body.items).toHaveLength(1);
    });

    it('when an admin reactivates an account, then it is active again', async () => {
      const user = await createAs('returning');
      await call('DELETE', `/api/users/${user.id}`, { as: admin });
      const res = await call('PATCH', `/api/users/${user.id}`, { as: admin, body: { active: true } });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(true);
    });

    it('when an admin deletes their own account, then 409 and it stays active', async () => {
      const self = await createAs('lonely.admin', ['admin']);
      expect(
        (await call('DELETE', `/api/users/${self.id}`, { as: { id: self.id, roles: ['admin'] } })).status,
      ).toBe(409);
      expect((await call('GET', `/api/users/${self.id}`, { as: admin })).body.active).toBe(true);
    });
  });

  describe('gRPC', () => {
    it('when GetUsers asks for known, unknown and malformed ids, then only the known accounts come back', async () => {
      const a = await createAs('grpc.a');
      const b = await createAs('grpc.b');
      const res = await grpc.getUsers({ ids: [a.id, randomUUID(), 'nope', b.id] });
      expect(res.users.map((u) => u.login).sort()).toEqual(['grpc.a', 'grpc.b']);
      expect(res.users[0]?.createdAt).toBeDefined();
    });

    it('when CreateUser is called, then the account exists with the asked roles; a second call gives ALREADY_EXISTS', async () => {
      const created = await grpc.createUser({ login: 'grpc.c', displayName: 'C', roles: ['admin'] });
      expect(created.roles).toEqual(['admin']);
      expect((await grpc.getUser({ id: created.id })).login).toBe('grpc.c');
      await expect(grpc.createUser({ login: 'grpc.c', displayName: 'C', roles: [] })).rejects.toSatisfy(
        (err) => ConnectError.from(err).code === Code.AlreadyExists,
      );
    });

    it('when CreateUser gets a bad login or GetUser an unknown id, then INVALID_ARGUMENT and NOT_FOUND', async () => {
      await expect(grpc.createUser({ login: 'x', displayName: 'X', roles: [] })).rejects.toSatisfy(
        (err) => ConnectError.from(err).code === Code.InvalidArgument,
      );
      await expect(grpc.getUser({ id: randomUUID() })).rejects.toSatisfy(
        (err) => ConnectError.from(err).code === Code.NotFound,
      );
    });
  });
});
