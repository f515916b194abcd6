import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { identityHeaders, needsPostgres } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startAuthSystem, type AuthSystem } from './system.js';

const pg = await needsPostgres();
const ADMIN_PASSWORD = 'bootstrap-admin-secret';

describe.skipIf(!pg)('auth service with users (real PostgreSQL, bus and gRPC)', () => {
  let sys: AuthSystem;

  beforeAll(async () => {
    sys = await startAuthSystem({ AUTH_LOGIN_MAX_FAILURES: '3', GARRISON_ADMIN_PASSWORD: ADMIN_PASSWORD });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const registerAndLogin = async (login: string, password = 'correct horse battery') => {
    const reg = await sys.auth$('POST', '/api/auth/register', {
      login,
      password,
      displayName: `The ${login}`,
    });
    expect(reg.status).toBe(201);
    const session = await sys.auth$('POST', '/api/auth/login', { login, password });
    expect(session.status).toBe(200);
    return { user: reg.body, session: session.body };
  };

  /** A sample from auth's Prometheus endpoint, e.g. `auth_logins_total{outcome="ok"}`. */
  const metric = async (sample: string) => {
    const text = await (await fetch(`${sys.auth.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
    return line ? Number(line.slice(sample.length + 1)) : 0;
  };

  const verify = async (token: string) => {
    const jwks = await sys.auth$('GET', '/api/auth/jwks');
    return jwtVerify(token, createLocalJWKSet(jwks.body), {
      issuer: 'garrison',
      audience: 'garrison',
      algorithms: ['EdDSA'],
    });
  };

  describe('registration', () => {
    it('when a new login registers, then 201 with the default roles and the profile exists in users', async () => {
      const res = await sys.auth$('POST', '/api/auth/register', {
        login: 'Alice',
        password: 'correct horse battery',
        displayName: ' Alice ',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        login: 'alice',
        displayName: 'Alice',
        roles: ['worker', 'player'],
      });
      const profile = await sys.usersAsAdmin$('GET', `/api/users/${res.body.id}`);
      expect(profile.body).toMatchObject({ login: 'alice', displayName: 'Alice', active: true });
    });

    it('when the login is already registered (in any case), then 409 problem+json', async () => {
      await registerAndLogin('bob');
      const res = await sys.auth$('POST', '/api/auth/register', {
        login: 'BOB',
        password: 'another password',
        displayName: 'Bob 2',
      });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });

    it('when someone registers as "admin", then 409 (the login belongs to the bootstrap admin)', async () => {
      const res = await sys.auth$('POST', '/api/auth/register', {
        login: 'admin',
        password: 'pretend admin',
        displayName: 'A',
      });
      expect(res.status).toBe(409);
    });

    it.each([
      ['login', { login: 'x!', password: 'long enough', displayName: 'X' }],
      ['password', { login: 'short.pw', password: 'short', displayName: 'X' }],
      ['displayName', { login: 'no.name', password: 'long enough', displayName: '   ' }],
    ])('when %s is invalid, then 400 names it and nothing is stored anywhere', async (field, body) => {
      const res = await sys.auth$('POST', '/api/auth/register', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toMatch(new RegExp(`^${field}: `));
      const inUsers = await sys.usersAsAdmin$('GET', `/api/users?query=${encodeURIComponent(body.login)}`);
      expect(inUsers.body.items).toEqual([]);
      expect(
        (await sys.auth$('POST', '/api/auth/login', { login: body.login, password: body.password })).status,
      ).toBe(401);
    });

    it('when a required field is missing, then 400 problem+json', async () => {
      const res = await sys.auth$('POST', '/api/auth/register', { login: 'nopass' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('tokens', () => {
    it('when a user logs in, then the access token verifies against the JWKS and carries sub, login, roles', async () => {
      const { user, session } = await registerAndLogin('carol');
      expect(session).toMatchObject({
        expiresIn: 900,
        tokenType: 'Bearer',
        refreshToken: expect.any(String),
      });
      const { payload, protectedHeader } = await verify(session.accessToken);
      expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: expect.any(String) });
      expect(payload).toMatchObject({ sub: user.id, login: 'carol', roles: ['worker', 'player'] });
      expect(payload.exp! - payload.iat!).toBe(900);
    });

    it('when a token is signed by another key, then the JWKS does not verify it', async () => {
      const { session } = await registerAndLogin('mallory');
      const [header, payload] = session.accessToken.split('.');
      const forged = `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`;
      await expect(verify(forged)).rejects.toThrow();
      expect(decodeProtectedHeader(forged).kid).toBeDefined();
    });

    it('when a refresh token is used, then a new pair comes back; reusing the old one revokes the whole family', async () => {
      const { session } = await registerAndLogin('dave');
      const first = await sys.auth$('POST', '/api/auth/refresh', { refreshToken: session.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      await verify(first.body.accessToken);

      const reuse = await sys.auth$('POST', '/api/auth/refresh', { refreshToken: session.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.headers.get('content-type')).toContain('application/problem+json');
      // The legitimate holder's newest token died with the family.
      expect(
        (await sys.auth$('POST', '/api/auth/refresh', { refreshToken: first.body.refreshToken })).status,
      ).toBe(401);
      expect(await metric('auth_refreshes_total{outcome="reuse-detected"}')).toBeGreaterThanOrEqual(1);
      // A fresh login starts a new, working family.
      const again = await sys.auth$('POST', '/api/auth/login', {
        login: 'dave',
        password: 'correct horse battery',
      });
      expect(
        (await sys.auth$('POST', '/api/auth/refresh', { refreshToken: again.body.refreshToken })).status,
      ).toBe(200);
    });

    it('when a user logs out, then the refresh token no longer works', async () => {
      const { session } = await registerAndLogin('erin');
      expect(
        (await sys.auth$('POST', '/api/auth/logout', { refreshToken: session.refreshToken })).status,
      ).toBe(204);
      expect(
        (await sys.auth$('POST', '/api/auth/refresh', { refreshToken: session.refreshToken })).status,
      ).toBe(401);
    });

    it('when the refresh token is made up, then 401', async () => {
      expect((await sys.auth$('POST', '/api/auth/refresh', { refreshToken: 'made-up' })).status).toBe(401);
    });

    it('when the bootstrap admin logs in with GARRISON_ADMIN_PASSWORD, then the token carries the admin role', async () => {
      const res = await sys.auth$('POST', '/api/auth/login', { login: 'admin', password: ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      expect((await verify(res.body.accessToken)).payload).toMatchObject({
        login: 'admin',
        roles: ['admin'],
      });
    });
  });

  describe('failed logins', () => {
    it('when the password is wrong or the login unknown, then both get the same 401 answer', async () => {
      await registerAndLogin('frank');
      const wrong = await sys.auth$('POST', '/api/auth/login', {
        login: 'frank',
        password: 'not the password',
      });
      const unknown = await sys.auth$('POST', '/api/auth/login', {
        login: 'nobody.here',
        password: 'not the password',
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const strip = ({ instance: _i, requestId: _r, ...rest }: Record<string, unknown>) => rest;
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
    });

    it('when a login fails too often, then even the right password gets 429 with Retry-After, other logins are unaffected', async () => {
      await registerAndLogin('grace');
      for (let i = 0; i < 3; i++) {
        expect(
          (await sys.auth$('POST', '/api/auth/login', { login: 'grace', password: `wrong ${i}` })).status,
        ).toBe(401);
      }
      const blocked = await sys.auth$('POST', '/api/auth/login', {
        login: 'grace',
        password: 'correct horse battery',
      });
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('content-type')).toContain('application/problem+json');
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(590);
      expect(retryAfter).toBeLessThanOrEqual(600);
      const other = await sys.auth$('POST', '/api/auth/login', {
        login: 'frank',
        password: 'correct horse battery',
      });
      expect(other.status).toBe(200);
    });
  });

  describe('login throttle under attack (issue 10 item 6)', () => {
    const from = (address: string, body: unknown) =>
      request(sys.auth.url, 'POST', '/api/auth/login', { body, headers: { 'x-forwarded-for': address } });

    it('when 40 wrong passwords arrive at once for one account, then at most the free attempts are checked and none answers 503', async () => {
      await registerAndLogin('heidi');
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          from('198.51.100.9', { login: 'heidi', password: `guess ${i}` }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      // Each 401 is a password that was verified; the rest were refused before any hashing.
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(answers.find((a) => a.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('when someone makes 10 wrong guesses from one address, then the owner still logs in from another', async () => {
      await registerAndLogin('ivy');
      for (let i = 0; i < 10; i++) await from('203.0.113.66', { login: 'ivy', password: `guess ${i}` });
      const attacker = await from('203.0.113.66', { login: 'ivy', password: 'correct horse battery' });
      expect(attacker.status).toBe(429);
      const owner = await from('192.0.2.10', { login: 'ivy', password: 'correct horse battery' });
      expect(owner.status).toBe(200);
      expect(owner.body.accessToken).toEqual(expect.any(String));
    });
  });

  describe('passwords', () => {
    const adminHeaders = identityHeaders('00000000-0000-4000-8000-00000000ad01', ['admin']);
    const setPassword = (id: string, password: string, headers = adminHeaders) =>
      request(sys.auth.url, 'PUT', `/api/auth/users/${id}/password`, { body: { password }, headers });

    it('when an admin sets the password of an account created in users, then that account can log in', async () => {
      const created = await sys.usersAsAdmin$('POST', '/api/users', {
        login: 'hired.hand',
        displayName: 'Hired',
      });
      expect(created.status).toBe(201);
      const attempt = { login: 'hired.hand', password: 'first day password' };
      expect((await sys.auth$('POST', '/api/auth/login', attempt)).status).toBe(401);

      expect((await setPassword(created.body.id, attempt.password)).status).toBe(204);
      const session = await sys.auth$('POST', '/api/auth/login', attempt);
      expect(session.status).toBe(200);
      expect((await verify(session.body.accessToken)).payload).toMatchObject({
        sub: created.body.id,
        roles: ['worker', 'player'],
      });
    });

    it('when a non-admin sets a password, or the password is short, or the user unknown, then 403, 400, 404', async () => {
      const { user } = await registerAndLogin('ivan');
      expect(
        (await setPassword(user.id, 'hijacked password', identityHeaders(user.id, ['player']))).status,
      ).toBe(403);
      const short = await setPassword(user.id, 'short');
      expect(short.status).toBe(400);
      expect(short.body.detail).toMatch(/^password: /);
      expect((await setPassword('5b1e7a4c-0000-4000-8000-000000000000', 'long enough password')).status).toBe(
        404,
      );
      expect(
        (await sys.auth$('POST', '/api/auth/login', { login: 'ivan', password: 'correct horse battery' }))
          .status,
      ).toBe(200);
    });

    it('when a user changes their password, then old sessions and the old password stop working', async () => {
      const { user, session } = await registerAndLogin('judy');
      const change = (currentPassword: string, newPassword: string) =>
        request(sys.auth.url, 'POST', '/api/auth/password', {
          body: { currentPassword, newPassword },
          headers: identityHeaders(user.id, user.roles),
        });
      expect((await change('not my password', 'brand new password')).status).toBe(401);
      expect((await change('correct horse battery', 'brand new password')).status).toBe(204);
      expect(
        (await sys.auth$('POST', '/api/auth/refresh', { refreshToken: session.refreshToken })).status,
      ).toBe(401);
      expect(
        (await sys.auth$('POST', '/api/auth/login', { login: 'judy', password: 'correct horse battery' }))
          .status,
      ).toBe(401);
      expect(
        (await sys.auth$('POST', '/api/auth/login', { login: 'judy', password: 'brand new password' }))
          .status,
      ).toBe(200);
    });
  });
});
