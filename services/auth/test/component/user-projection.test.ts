import { decodeJwt } from 'jose';
import { needsPostgres, waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handledCount, rawEventPublisher, usersEvent } from './raw-events.js';
import { request, startAuthSystem, type AuthSystem } from './system.js';

const pg = await needsPostgres();
const PASSWORD = 'correct horse battery';

describe.skipIf(!pg)("auth's projection of users (consumers of users' events)", () => {
  let sys: AuthSystem;
  let raw: Awaited<ReturnType<typeof rawEventPublisher>>;

  beforeAll(async () => {
    sys = await startAuthSystem();
    raw = await rawEventPublisher(sys.auth.env, sys.auth.ctx.log);
  });
  afterAll(async () => {
    await raw?.stop();
    await sys?.stop();
  });

  const register = async (login: string) => {
    const res = await sys.auth$('POST', '/api/auth/register', {
      login,
      password: PASSWORD,
      displayName: login,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const login = (name: string) => sys.auth$('POST', '/api/auth/login', { login: name, password: PASSWORD });
  const rolesInNewToken = async (name: string) => {
    const res = await login(name);
    return res.status === 200
      ? (decodeJwt(res.body.accessToken).roles as string[])
      : [`status ${res.status}`];
  };

  it('when an admin changes roles in users, then the next refresh carries the new roles', async () => {
    const user = await register('rising.star');
    const session = (await login('rising.star')).body;
    const changed = await sys.usersAsAdmin$('PUT', `/api/users/${user.id}/roles`, {
      roles: ['manager', 'worker'],
    });
    expect(changed.status).toBe(200);
    let refreshToken: string = session.refreshToken;
    let roles: unknown;
    await waitFor(
      async () => {
        const res = await sys.auth$('POST', '/api/auth/refresh', { refreshToken });
        expect(res.status).toBe(200);
        refreshToken = res.body.refreshToken;
        roles = decodeJwt(res.body.accessToken).roles;
        return JSON.stringify(roles) === JSON.stringify(['manager', 'worker']);
      },
      { timeoutMs: 10_000 },
    );
    expect(roles).toEqual(['manager', 'worker']);
  });

  it('when an admin deactivates an account, then its sessions end and login is refused with 403', async () => {
    const user = await register('short.stay');
    const session = (await login('short.stay')).body;
    expect((await sys.usersAsAdmin$('DELETE', `/api/users/${user.id}`)).status).toBe(204);
    await waitFor(async () => (await login('short.stay')).status === 403, { timeoutMs: 10_000 });
    const res = await sys.auth$('POST', '/api/auth/refresh', { refreshToken: session.refreshToken });
    expect(res.status).toBe(401);
  });

  it('when an account is deactivated, then the revocation feed lists it and its access token is refused at once (ADR 153)', async () => {
    const user = await register('gone.soon');
    const session = (await login('gone.soon')).body;
    const changePassword = () =>
      request(sys.auth.url, 'POST', '/api/auth/password', {
        body: { currentPassword: 'wrong on purpose', newPassword: 'another long password' },
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
    // The token proves the user: the handler runs and judges the (wrong) current password.
    expect((await changePassword()).body.detail).not.toMatch(/authenticated user/);
    expect((await sys.usersAsAdmin$('DELETE', `/api/users/${user.id}`)).status).toBe(204);
    const entry = await waitFor(
      async () => {
        const feed = await sys.auth$('GET', '/internal/revocations?after=0');
        return (feed.body.items as { userId: string; notBefore: number }[]).find((i) => i.userId === user.id);
      },
      { timeoutMs: 10_000 },
    );
    expect(entry!.notBefore).toBeGreaterThanOrEqual(decodeJwt(session.accessToken).iat!);
    await waitFor(async () => /revoked/.test((await changePassword()).body.detail), { timeoutMs: 5_000 });
    expect((await changePassword()).status).toBe(401);
  });

  it('when an account loses a role, then tokens issued before are refused; gaining one revokes nothing', async () => {
    const user = await register('demoted.one');
    const gained = await sys.usersAsAdmin$('PUT', `/api/users/${user.id}/roles`, {
      roles: ['worker', 'player', 'manager'],
    });
    expect(gained.status).toBe(200);
    await waitFor(async () => (await rolesInNewToken('demoted.one')).includes('manager'), {
      timeoutMs: 10_000,
    });
    const listed = async () =>
      ((await sys.auth$('GET', '/internal/revocations?after=0')).body.items as { userId: string }[]).some(
        (i) => i.userId === user.id,
      );
    expect(await listed()).toBe(false);
    expect(
      (await sys.usersAsAdmin$('PUT', `/api/users/${user.id}/roles`, { roles: ['worker'] })).status,
    ).toBe(200);
    await waitFor(listed, { timeoutMs: 10_000 });
  });

  it('when the same event is delivered twice, then it is applied once and a newer change is not undone', async () => {
    const user = await register('twice.told');
    const now = Date.now();
    const older = usersEvent(
      'user.roles-changed',
      { id: user.id, login: 'twice.told', roles: ['accountant'], previousRoles: ['worker', 'player'] },
      new Date(now),
    );
    const newer = usersEvent(
      'user.roles-changed',
      { id: user.id, login: 'twice.told', roles: ['manager'], previousRoles: ['accountant'] },
      new Date(now + 1000),
    );
    const duplicatesBefore = await handledCount(sys.auth.ctx.metrics, 'duplicate');

    await raw.publish(older);
    await waitFor(async () => (await rolesInNewToken('twice.told')).includes('accountant'), {
      timeoutMs: 10_000,
    });
    await raw.publish(newer);
    await waitFor(async () => (await rolesInNewToken('twice.told')).includes('manager'), {
      timeoutMs: 10_000,
    });
    await raw.publish(older);

    await waitFor(
      async () => (await handledCount(sys.auth.ctx.metrics, 'duplicate')) === duplicatesBefore + 1,
      {
        timeoutMs: 10_000,
      },
    );
    expect(await rolesInNewToken('twice.told')).toEqual(['manager']);
  });

  it('when a malformed event arrives, then it is dead-lettered with the schema reason and changes nothing', async () => {
    const user = await register('poison.target');
    const poisoned = usersEvent('user.roles-changed', {
      id: user.id,
      login: 'poison.target',
      roles: ['overlord'],
    });
    await raw.publish(poisoned);

    await waitFor(
      async () =>
        (await sys.auth.ctx.bus.deadLetters()).some(
          (l) => (l.envelope as { id?: string }).id === poisoned.id,
        ),
      {
        timeoutMs: 10_000,
      },
    );
    const letter = (await sys.auth.ctx.bus.deadLetters()).find(
      (l) => (l.envelope as { id?: string }).id === poisoned.id,
    );
    expect(letter).toMatchObject({ consumer: 'auth', attempts: 1 });
    expect(letter!.reason).toMatch(/^schema: user\.roles-changed v1: /);
    expect(await rolesInNewToken('poison.target')).toEqual(['worker', 'player']);
  });
});
