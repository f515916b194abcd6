import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsPostgres, startTestService, testTokens } from '@garrison/kit/testing';
import { gatewayService } from '../../src/service.js';
import { authStandIn, echoService, trustingAuth } from './fixtures.js';

const pg = await needsPostgres();
type Started = { url: string; metricsUrl: string; stop(): Promise<void> };

/** A port nobody listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!pg)('gateway resilience and web app', () => {
  const started: Started[] = [];
  let gateway: Started;
  let token: string;
  let webDir: string;
  const bearer = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    const tokens = await testTokens();
    token = await tokens.sign(
      { sub: 'user-1', roles: ['player'] },
      { issuer: 'garrison', audience: 'garrison' },
    );
    const auth = await startTestService(authStandIn(tokens));
    const users = await startTestService(
      echoService('users', '/api/users', { delayMs: 1_500 }),
      trustingAuth(auth),
    );
    started.push(auth, users);
    webDir = await mkdtemp(path.join(tmpdir(), 'garrison-web-'));
    await mkdir(path.join(webDir, 'assets'));
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>Garrison app</title>');
    await writeFile(path.join(webDir, 'assets', 'app-123.js'), 'console.log("app")');
    gateway = await startTestService(gatewayService, {
      env: {
        GARRISON_SERVICES: JSON.stringify({
          auth: { http: auth.url },
          users: { http: users.url },
          bots: { http: `http://127.0.0.1:${await closedPort()}` },
        }),
        GATEWAY_UPSTREAM_TIMEOUT_MS: '500',
        GATEWAY_BREAKER_FAILURES: '2',
        GATEWAY_BREAKER_COOLDOWN_MS: '60000',
        GATEWAY_WEB_DIR: webDir,
      },
    });
    started.push(gateway);
  });

  afterAll(async () => {
    for (const svc of started.reverse()) await svc.stop();
    await rm(webDir, { recursive: true, force: true });
  });

  it('when the upstream answers too slowly, then 504 problem+json', async () => {
    const res = await fetch(`${gateway.url}/api/users/slow`, { headers: bearer() });
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('when the client hangs up before a slow upstream answers, then the call is cancelled and counted, not logged as an error', async () => {
    const hangUp = new AbortController();
    const pending = fetch(`${gateway.url}/api/users/slow`, { headers: bearer(), signal: hangUp.signal });
    setTimeout(() => hangUp.abort(), 100);
    await expect(pending).rejects.toThrow();
    await expect
      .poll(
        async () =>
          (await (await fetch(gateway.metricsUrl)).text()).match(/status="client-closed"\} (\d+)/)?.[1],
      )
      .toBe('1');
    // The users upstream is still served normally (its circuit did not count the hang-up).
    expect((await fetch(`${gateway.url}/api/users/fast`, { headers: bearer() })).status).not.toBe(503);
  });

  it('when a service answers 500 many times in a row, then its circuit stays closed: the next request is served', async () => {
    // Threshold is 2 here: four of the service's own 5xx answers must not open the circuit (issue 10 item 2).
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${gateway.url}/api/users/fail`, { method: 'POST', headers: bearer() });
      expect(res.status).toBe(500);
    }
    const after = await fetch(`${gateway.url}/api/users/7`, { headers: bearer() });
    expect(after.status).toBe(200);
    expect(await (await fetch(gateway.metricsUrl)).text()).not.toMatch(
      /gateway_circuit_rejections_total\{service="users"\} [1-9]/,
    );
  });

  it('when an upstream refuses connections, then 502; after repeated failures its circuit opens: 503 with Retry-After', async () => {
    const first = await fetch(`${gateway.url}/api/bots/1`, { headers: bearer() });
    expect(first.status).toBe(502);
    // The GET was tried twice (one retry), which reached the threshold of 2 failures in a row.
    const second = await fetch(`${gateway.url}/api/bots/1`, { headers: bearer() });
    expect(second.status).toBe(503);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(await (await fetch(gateway.metricsUrl)).text()).toMatch(
      /gateway_circuit_rejections_total\{service="bots"\} 1/,
    );
    // Other upstreams are not affected.
    expect((await fetch(`${gateway.url}/api/users/7`, { headers: bearer() })).status).toBe(200);
  });

  it('when a file of the web app is asked for, then it is served; other paths get index.html', async () => {
    const asset = await fetch(`${gateway.url}/assets/app-123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await asset.text()).toBe('console.log("app")');
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    for (const route of ['/', '/profile', '/admin/users/5?tab=roles']) {
      const page = await fetch(`${gateway.url}${route}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Garrison app');
      // Issue 10 item 11: the browser is told to defend the app.
      expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  it('when a path tries to leave the web folder, then it does not get out', async () => {
    const res = await fetch(`${gateway.url}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await res.text()).not.toMatch(/root:/);
  });
});
