import { execFileSync, spawnSync } from 'node:child_process';
import { connect, type ClientHttp2Session } from 'node:http2';
import { request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { needsPostgres, startTestService, testTokens } from '@garrison/kit/testing';
import { gatewayService } from '../../src/service.js';
import { gatewayTls } from '../../src/tls.js';
import { authStandIn, echoService, trustingAuth, type Echo } from './fixtures.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('skipping: openssl is not installed (the HTTPS gateway is not tested)');
const pg = await needsPostgres();
type Started = { url: string; stop(): Promise<void> };

describe.skipIf(!hasOpenssl || !pg)('gateway over HTTPS', () => {
  let dir: string;
  let cert: string;
  let key: string;
  let token: string;
  let gateway: Started;
  const started: Started[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'garrison-tls-'));
    [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    // A self-signed certificate made for this test only.
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'].concat(
        ['-subj', '/CN=localhost', '-keyout', key, '-out', cert],
      ),
      { stdio: 'ignore' },
    );
    const tokens = await testTokens();
    token = await tokens.sign(
      { sub: 'user-1', roles: ['player'] },
      { issuer: 'garrison', audience: 'garrison' },
    );
    const auth = await startTestService(authStandIn(tokens));
    const users = await startTestService(echoService('users', '/api/users'), trustingAuth(auth));
    started.push(auth, users);
    gateway = await startTestService(gatewayService, {
      env: {
        GARRISON_SERVICES: JSON.stringify({ auth: { http: auth.url }, users: { http: users.url } }),
        GARRISON_TLS_CERT: cert,
        GARRISON_TLS_KEY: key,
      },
    });
    started.push(gateway);
  });

  afterAll(async () => {
    for (const svc of started.reverse()) await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when only one of certificate and key is configured, then the gateway refuses to start', () => {
    expect(() => gatewayTls({ tlsCert: cert })).toThrow(/together/);
    expect(gatewayTls({})).toBeUndefined();
  });

  it('when a client negotiates HTTP/2 by ALPN, then the request is verified and proxied', async () => {
    expect(gateway.url).toMatch(/^https:/);
    const session: ClientHttp2Session = connect(gateway.url, { rejectUnauthorized: false });
    try {
      const { status, body, alpn } = await new Promise<{
        status: number;
        body: string;
        alpn: string | false | undefined;
      }>((resolve, reject) => {
        const req = session.request({
          ':path': '/api/users/9',
          authorization: `Bearer ${token}`,
          'x-user-id': 'forged',
        });
        let status = 0;
        let body = '';
        req.on('response', (h) => (status = Number(h[':status'])));
        req.setEncoding('utf8');
        req.on('data', (d: string) => (body += d));
        req.on('end', () => resolve({ status, body, alpn: session.alpnProtocol }));
        req.on('error', reject);
        req.end();
      });
      expect(alpn).toBe('h2');
      expect(status).toBe(200);
      const echo = JSON.parse(body) as Echo;
      expect(echo.headers['x-user-id']).toBe('user-1');
      expect(echo.headers[':authority']).toBeUndefined();
    } finally {
      session.close();
    }
  });

  it('when a client only speaks HTTP/1.1 over TLS, then it is served too, and 401 still applies', async () => {
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; version: string }>((resolve, reject) => {
        const req = request(`${gateway.url}/api/users/9`, { rejectUnauthorized: false, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, version: res.httpVersion }));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get({ authorization: `Bearer ${token}` })).toEqual({ status: 200, version: '1.1' });
    expect((await get({})).status).toBe(401);
  });

  it('when a browser opens a WebSocket over TLS (wss), then it is proxied', async () => {
    const ws = new WebSocket(
      `${gateway.url.replace('https', 'wss')}/api/users/stream?access_token=${token}`,
      {
        rejectUnauthorized: false,
      },
    );
    const hello = await new Promise<{ userId: string }>((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))));
      ws.once('error', reject);
    });
    expect(hello.userId).toBe('user-1');
    ws.close();
  });
});
