/**
 * The platform end to end, black-box through the gateway: the same processes `npm start` runs
 * (startSystem), with embedded PostgreSQL and the pg-boss bus — and once more on RabbitMQ.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { needsRabbit, waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  expectProblem,
  login,
  registerAndLogin,
  uniqueLogin,
  type Account,
  type Json,
} from './support/api-client.js';
import { openStream, upgradeStatus } from './support/ws-client.js';

const SYSTEM_START_MS = 180_000;

async function notificationsOf(api: ApiClient, account: Account): Promise<Json[]> {
  const inbox = await api.get('/api/notifications', { token: account.accessToken });
  return inbox.status === 200 ? (inbox.body.items as Json[]) : [];
}

/** Welcome on registration, then a live `roles.changed` pushed when the admin changes the roles. */
async function expectEventPathWorks(api: ApiClient, adminPassword: string): Promise<void> {
  const user = await registerAndLogin(api, 'events');
  const welcome = await waitFor(
    async () => (await notificationsOf(api, user)).find((n) => n.type === 'welcome'),
    {
      timeoutMs: 15_000,
      message: 'welcome notification',
    },
  );
  expect(welcome).toMatchObject({ type: 'welcome', readAt: null });

  const stream = await openStream(`${api.baseUrl}/api/notifications/stream?access_token=${user.accessToken}`);
  try {
    const admin = await login(api, 'admin', adminPassword);
    const changed = await api.put(
      `/api/users/${user.id}/roles`,
      { roles: ['player', 'worker', 'manager'] },
      { token: admin.accessToken },
    );
    expect(changed.status).toBe(200);
    expect([...changed.body.roles].sort()).toEqual(['manager', 'player', 'worker']);

    const pushed = await stream.waitFor(
      (m) => m.type === 'notification' && m.notification?.type === 'roles.changed',
      15_000,
    );
    expect(pushed.notification).toMatchObject({ type: 'roles.changed', readAt: null });
  } finally {
    await stream.close();
  }
}

describe('platform through the gateway (embedded PostgreSQL, pg-boss bus)', () => {
  let dataDir: string;
  let system: RunningSystem | undefined;
  let api: ApiClient;

  beforeAll(async () => {
    // A data folder of our own (not startSystem's temporary one): the restart test reuses it.
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-e2e-'));
    system = await startSystem({ dataDir, buildWeb: false });
    api = new ApiClient(system.url);
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }, SYSTEM_START_MS);

  it('when a user registers and logs in, then /api/users/me shows the account with the default roles', async () => {
    const name = uniqueLogin('alice');
    const registered = await api.post('/api/auth/register', {
      login: name,
      password: 'correct horse',
      displayName: 'Alice',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ login: name, displayName: 'Alice' });

    const session = await api.post('/api/auth/login', { login: name, password: 'correct horse' });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });

    const me = await api.get('/api/users/me', { token: session.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: registered.body.id,
      login: name,
      displayName: 'Alice',
      createdAt: expect.any(String),
    });
    expect([...me.body.roles].sort()).toEqual(['player', 'worker']);
  });

  it('when a user registers, then a welcome notification arrives, and an admin role change is pushed live over the stream', async () => {
    await expectEventPathWorks(api, system!.adminPassword);
  });

  it('when a request has no token, then the gateway answers 401 problem+json', async () => {
    expectProblem(await api.get('/api/users/me'), 401);
    expectProblem(await api.get('/api/notifications'), 401);
  });

  it('when a request has a garbage or forged token, then the gateway answers 401 problem+json', async () => {
    expectProblem(await api.get('/api/users/me', { token: 'garbage' }), 401);
    const user = await registerAndLogin(api, 'forger');
    const [header, payload] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const elevated = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    const signature = user.accessToken.split('.')[2];
    expectProblem(await api.get('/api/users/me', { token: `${header}.${elevated}.${signature}` }), 401);
  });

  it('when identity headers are forged from outside, then they are ignored: 401 without a token, the real identity with one', async () => {
    const victim = await registerAndLogin(api, 'victim');
    const forged = { 'x-user-id': victim.id, 'x-user-roles': 'admin' };
    expectProblem(await api.get('/api/users/me', { headers: forged }), 401);

    const attacker = await registerAndLogin(api, 'attacker');
    const me = await api.get('/api/users/me', { token: attacker.accessToken, headers: forged });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(attacker.id);
    const escalate = await api.put(
      `/api/users/${attacker.id}/roles`,
      { roles: ['admin'] },
      { token: attacker.accessToken, headers: forged },
    );
    expectProblem(escalate, 403);
  });

  it('when the notification stream is opened without a valid token, then the upgrade is refused with 401', async () => {
    expect(await upgradeStatus(`${api.baseUrl}/api/notifications/stream`)).toBe(401);
    expect(await upgradeStatus(`${api.baseUrl}/api/notifications/stream?access_token=garbage`)).toBe(401);
  });

  it('when registration input is bad, then 400 problem+json says what is wrong and the login stays free', async () => {
    const name = uniqueLogin('bob');
    const tooShort = await api.post('/api/auth/register', {
      login: name,
      password: 'short',
      displayName: 'Bob',
    });
    const problem = expectProblem(tooShort, 400);
    expect(JSON.stringify(problem)).toMatch(/password/i);
    expectProblem(
      await api.post('/api/auth/register', {
        login: 'No Spaces!',
        password: 'long enough',
        displayName: 'Bob',
      }),
      400,
    );
    expectProblem(await api.post('/api/auth/register', { login: name }), 400);

    expectProblem(await api.post('/api/auth/login', { login: name, password: 'short' }), 401);
    const registered = await api.post('/api/auth/register', {
      login: name,
      password: 'long enough',
      displayName: 'Bob',
    });
    expect(registered.status).toBe(201);
  });

  it('when a refresh token is used, then it rotates, and reusing the old one revokes the session', async () => {
    const user = await registerAndLogin(api, 'refresher');
    const rotated = await api.post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(user.refreshToken);
    expect((await api.get('/api/users/me', { token: rotated.body.accessToken })).status).toBe(200);

    expectProblem(await api.post('/api/auth/refresh', { refreshToken: user.refreshToken }), 401);
    // The reuse revoked the whole family: the newest refresh token is dead too.
    expectProblem(await api.post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken }), 401);
  });

  it(
    'when a second system runs beside the first, then both answer and neither sees the other’s accounts',
    async () => {
      const neighbour = await startSystem({ buildWeb: false });
      try {
        expect(neighbour.url).not.toBe(system!.url);
        const other = new ApiClient(neighbour.url);
        const here = await registerAndLogin(api, 'here');
        expectProblem(
          await other.post('/api/auth/login', { login: here.login, password: here.password }),
          401,
        );
        const there = await registerAndLogin(other, 'there');
        expectProblem(
          await api.post('/api/auth/login', { login: there.login, password: there.password }),
          401,
        );
        expect((await api.get('/api/users/me', { token: here.accessToken })).status).toBe(200);
      } finally {
        await neighbour.stop();
      }
    },
    SYSTEM_START_MS,
  );

  it(
    'when the system is stopped and started again on the same data folder, then accounts survive and a burst is rate limited',
    async () => {
      const user = await registerAndLogin(api, 'survivor');
      const adminPassword = system!.adminPassword;
      await system!.stop();
      system = undefined;

      // Second start: same data, and a low rate limit (1 request/s, burst 2 per anonymous IP).
      system = await startSystem({ dataDir, buildWeb: false, env: { GARRISON_RATE_LIMIT: '2,4' } });
      api = new ApiClient(system.url);
      expect(system.adminPassword).toBe(adminPassword);
      const again = await login(api, user.login, user.password);
      expect(again.id).toBe(user.id);

      const burst = await Promise.all(Array.from({ length: 12 }, () => api.get('/api/auth/jwks')));
      const limited = burst.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expectProblem(limited[0]!, 429);
      expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    },
    SYSTEM_START_MS,
  );
});

const rabbit = await needsRabbit();

describe.skipIf(!rabbit)('platform through the gateway on RabbitMQ', () => {
  let system: RunningSystem | undefined;

  beforeAll(async () => {
    system = await startSystem({ buildWeb: false, env: { GARRISON_BUS: rabbit!.url } });
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
  }, SYSTEM_START_MS);

  it('when a user registers on the RabbitMQ bus, then the welcome and the live role change arrive', async () => {
    await expectEventPathWorks(new ApiClient(system!.url), system!.adminPassword);
  });
});
