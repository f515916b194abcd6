import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { needsPostgres, startTestService, testTokens, type TestTokens } from '@garrison/kit/testing';
import { gatewayService } from '../../src/service.js';
import { authStandIn, echoService, trustingAuth, type Echo } from './fixtures.js';

const pg = await needsPostgres();
type Started = { url: string; metricsUrl: string; stop(): Promise<void> };
const ISSUER = { issuer: 'garrison', audience: 'garrison' };

describe.skipIf(!pg)('gateway', () => {
  let tokens: TestTokens;
  let auth: Started;
  let users: Started;
  let gateway: Started;
  let token: string;
  const started: Started[] = [];

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, { headers });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const servicesEnv = () => JSON.stringify({ auth: { http: auth.url }, users: { http: users.url } });

  async function startGateway(env: Record<string, string>): Promise<Started> {
    const svc = await startTestService(gatewayService, { env: { GARRISON_SERVICES: servicesEnv(), ...env } });
    started.push(svc);
    return svc;
  }

  beforeAll(async () => {
    tokens = await testTokens();
    auth = await startTestService(authStandIn(tokens));
    users = await startTestService(echoService('users', '/api/users'), trustingAuth(auth));
    started.push(auth, users);
    gateway = await startGateway({ GARRISON_RATE_LIMIT: '1000,1000' });
    token = await tokens.sign({ sub: 'user-1', login: 'alice', roles: ['player', 'worker'] }, ISSUER);
  });

  afterAll(async () => {
    for (const svc of started.reverse()) await svc.stop();
  });

  async function expectUnauthorized(res: Response) {
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { status: number; title: string };
    expect(body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  }

  it('when no token is sent, then 401 problem+json', async () => {
    await expectUnauthorized(await get('/api/users/1'));
  });

  it('when a garbage token is sent, then 401 problem+json', async () => {
    await expectUnauthorized(await get('/api/users/1', bearer('not.a.token')));
  });

  it('when the token has expired, then 401 problem+json that says so', async () => {
    const expired = await tokens.sign(
      { sub: 'user-1', roles: [] },
      { ...ISSUER, expiresIn: Math.floor(Date.now() / 1000) - 60 },
    );
    const res = await get('/api/users/1', bearer(expired));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/expired/);
  });

  it('when the token was signed by another key or for another audience, then 401', async () => {
    const stranger = await testTokens();
    await expectUnauthorized(
      await get('/api/users/1', bearer(await stranger.sign({ sub: 'x', roles: [] }, ISSUER))),
    );
    const otherAudience = await tokens.sign(
      { sub: 'x', roles: [] },
      { issuer: 'garrison', audience: 'elsewhere' },
    );
    await expectUnauthorized(await get('/api/users/1', bearer(otherAudience)));
  });

  it('when identity headers are forged without a token, then 401', async () => {
    await expectUnauthorized(await get('/api/users/1', { 'x-user-id': 'admin-id', 'x-user-roles': 'admin' }));
  });

  it('when the token is valid, then the upstream sees the verified identity and not the forged one', async () => {
    const res = await get('/api/users/42?x=1', {
      ...bearer(token),
      'x-user-id': 'forged',
      'x-user-roles': 'admin',
      'X-User-Extra': 'no',
    });
    expect(res.status).toBe(200);
    const echo = (await res.json()) as Echo;
    expect(echo.url).toBe('/api/users/42?x=1');
    expect(echo.headers['x-user-id']).toBe('user-1');
    expect(echo.headers['x-user-roles']).toBe('player,worker');
    expect(echo.headers['x-user-extra']).toBeUndefined();
    expect(echo.headers['x-request-id']).toBe(res.headers.get('x-request-id'));
    expect(echo.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('when the browser sends its cookies, then only auth gets them and only auth may set one (ADR 250)', async () => {
    const cookie = 'theme=dark; garrison_refresh=secret';
    const toAuth = await fetch(`${gateway.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: '{}',
    });
    expect(toAuth.status).toBe(200);
    expect(await toAuth.json()).toEqual({ cookie });
    expect(toAuth.headers.getSetCookie()).toEqual([
      'garrison_refresh=rotated; Path=/api/auth; HttpOnly; SameSite=Strict',
    ]);

    const elsewhere = await get('/api/users/planting', { ...bearer(token), cookie });
    expect(elsewhere.status).toBe(200);
    expect(((await elsewhere.json()) as Echo).headers.cookie).toBeUndefined();
    expect(elsewhere.headers.getSetCookie()).toEqual([]);
  });

  it('when the caller sends a request id and trace context, then both travel on', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const echo = (await (
      await get('/api/users/1', { ...bearer(token), 'x-request-id': 'abc-123', traceparent })
    ).json()) as Echo;
    expect(echo.headers['x-request-id']).toBe('abc-123');
    expect(echo.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/);
  });

  it('when a body is posted, then the upstream receives it unchanged', async () => {
    const res = await fetch(`${gateway.url}/api/users/echo`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world', n: 1 }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Echo).body).toEqual({ hello: 'world', n: 1 });
  });

  it('when an open route is called without a token, then it passes, anonymously', async () => {
    const res = await fetch(`${gateway.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'forged' },
      body: JSON.stringify({ login: 'alice' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ saw: 'alice', userId: null });
  });

  it('when the upstream rejects the body, then its problem+json reaches the client', async () => {
    const res = await fetch(`${gateway.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('when the owning service is not in discovery, then 503 problem+json names it', async () => {
    const res = await get('/api/tasks/1', bearer(token));
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toBe('service tasks is not running');
  });

  it('when no service owns an /api path, then 404 problem+json', async () => {
    const res = await get('/api/nothing-here', bearer(token));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('when a burst exceeds the bucket, then 429 problem+json with Retry-After', async () => {
    const limited = await startGateway({ GARRISON_RATE_LIMIT: '1,4' });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await fetch(`${limited.url}/api/users/1`, { headers: bearer(token) });
      statuses.push(last.status);
      if (last.status !== 429) await last.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Anonymous callers have their own, per-IP bucket of half the size.
    const anonymous = [];
    for (let i = 0; i < 3; i++) anonymous.push((await fetch(`${limited.url}/api/users/1`)).status);
    expect(anonymous).toEqual([401, 401, 429]);
    const metrics = await (await fetch(limited.metricsUrl)).text();
    expect(metrics).toMatch(/gateway_rate_limited_total\{client="user"\} 2/);
    expect(metrics).toMatch(/gateway_rate_limited_total\{client="ip"\} 1/);
    expect(metrics).toMatch(/gateway_upstream_requests_total\{service="users",status="200"\} 4/);
  });

  it('when a WebSocket connects with ?access_token=, then it is proxied with the verified identity and without the token', async () => {
    const ws = new WebSocket(
      `${gateway.url.replace('http', 'ws')}/api/users/stream?access_token=${token}&since=3`,
      {
        headers: { 'x-user-id': 'forged', cookie: 'garrison_refresh=secret' },
      },
    );
    const hello = await new Promise<{ userId: string; url: string }>((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))));
      ws.once('error', reject);
    });
    // The refresh cookie is auth's alone: another upstream never sees it (ADR 250).
    expect(hello).toEqual({
      type: 'hello',
      userId: 'user-1',
      url: '/api/users/stream?since=3',
      cookie: null,
    });
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('ping');
    expect(await reply).toBe('echo:ping');
    ws.close();
  });

  it('when a WebSocket connects without a token, then the upgrade is refused with 401', async () => {
    const ws = new WebSocket(`${gateway.url.replace('http', 'ws')}/api/users/stream`);
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('upgrade should have been refused')));
      ws.once('error', () => {});
    });
    expect(status).toBe(401);
  });

  it('when /docs is asked for, then one OpenAPI document merges the running services', async () => {
    const res = await get('/docs/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      tags: { name: string }[];
      info: { description: string };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/jwks', '/api/auth/login', '/api/users/{id}']),
    );
    expect(doc.tags.map((t) => t.name)).toEqual(['auth', 'users']);
    expect(doc.info.description).toMatch(/notifications/);
    const ui = await get('/docs/');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
    for (const path of ['/docs/json', '/openapi.json']) {
      const same = (await (await get(path)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(same.paths)).toEqual(Object.keys(doc.paths));
    }
  });

  it('when the auth service is not running, then protected requests get 503 (not 401) and open ones still pass', async () => {
    const blind = await startTestService(gatewayService, {
      env: { GARRISON_SERVICES: JSON.stringify({ users: { http: users.url } }) },
    });
    started.push(blind);
    const res = await fetch(`${blind.url}/api/users/1`, { headers: bearer(token) });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/auth/);
    expect((await fetch(`${blind.url}/api/users/1`)).status).toBe(401);
  });

  it('when an open route carries an invalid token, then it is served anonymously', async () => {
    const res = await fetch(`${gateway.url}/api/auth/login`, {
      method: 'POST',
      headers: { ...bearer('stale.token.here'), 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'bob' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ saw: 'bob', userId: null });
  });

  it('when the platform endpoints are asked for without a token, then they answer', async () => {
    expect((await get('/healthz')).status).toBe(200);
  });

  it('when /metrics is asked for on the public port, then 404 without a metric; the internal listener serves them', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/# HELP|# TYPE/);
    expect(gateway.metricsUrl).not.toBe(`${gateway.url}/metrics`);
    const internal = await fetch(gateway.metricsUrl);
    expect(internal.status).toBe(200);
    expect(await internal.text()).toMatch(/# TYPE gateway_upstream_requests_total counter/);
  });
});
