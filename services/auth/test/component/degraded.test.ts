import { createServer } from 'node:net';
import { decodeJwt } from 'jose';
import { needsPostgres, onTheBusOf, startTestService, waitFor } from '@garrison/kit/testing';
import { usersService } from '@garrison/users/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authService } from '../../src/service.js';
import { request, type Started } from './system.js';

const pg = await needsPostgres();
const ADMIN_PASSWORD = 'late-bootstrap-secret';
const PASSWORD = 'correct horse battery';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// auth is started first, pointed at a users address where nothing listens yet; users comes up later
// on that address, sharing auth's bus, and is stopped again to show what keeps working without it.
describe.skipIf(!pg)('auth while users is unreachable', () => {
  let auth: Started<typeof authService>;
  let users: Started<typeof usersService> | undefined;
  let usersGrpcPort: number;
  const auth$ = (method: string, path: string, body?: unknown) => request(auth.url, method, path, { body });

  beforeAll(async () => {
    usersGrpcPort = await freePort();
    auth = await startTestService(authService, {
      env: {
        GARRISON_SERVICES: JSON.stringify({ users: { grpc: `http://127.0.0.1:${usersGrpcPort}` } }),
        GARRISON_ADMIN_PASSWORD: ADMIN_PASSWORD,
        AUTH_BOOTSTRAP_RETRY_MAX_MS: '200',
        // The test polls the admin login until the bootstrap is done; those early failures must not throttle it.
        AUTH_LOGIN_MAX_FAILURES: '1000',
      },
    });
  });
  afterAll(async () => {
    await users?.stop();
    await auth?.stop();
  });

  const startUsers = async () => {
    users = await startTestService(usersService, {
      env: {
        GRPC_PORT: String(usersGrpcPort),
        ...onTheBusOf(auth),
      },
    });
  };

  it('when users cannot be reached, then registration answers 503 problem+json and stores nothing', async () => {
    const res = await auth$('POST', '/api/auth/register', {
      login: 'too.early',
      password: PASSWORD,
      displayName: 'Early',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await auth$('POST', '/api/auth/login', { login: 'too.early', password: PASSWORD })).status).toBe(
      401,
    );
    expect(
      (await auth$('POST', '/api/auth/login', { login: 'admin', password: ADMIN_PASSWORD })).status,
    ).toBe(401);
  });

  it('when users comes up later, then the bootstrap admin is created by the retries and can log in', async () => {
    await startUsers();
    let token = '';
    await waitFor(
      async () => {
        const res = await auth$('POST', '/api/auth/login', { login: 'admin', password: ADMIN_PASSWORD });
        token = res.body?.accessToken ?? '';
        return res.status === 200;
      },
      { timeoutMs: 15_000 },
    );
    expect(decodeJwt(token)).toMatchObject({ login: 'admin', roles: ['admin'] });
    // Registration works now, and the earlier failed attempt left nothing that blocks it.
    const res = await auth$('POST', '/api/auth/register', {
      login: 'too.early',
      password: PASSWORD,
      displayName: 'Early',
    });
    expect(res.status).toBe(201);
  });

  it('when users goes down again, then login and refresh keep working from auth’s projection', async () => {
    await users!.stop();
    users = undefined;
    const session = await auth$('POST', '/api/auth/login', { login: 'too.early', password: PASSWORD });
    expect(session.status).toBe(200);
    expect(decodeJwt(session.body.accessToken).roles).toEqual(['worker', 'player']);
    expect(
      (await auth$('POST', '/api/auth/refresh', { refreshToken: session.body.refreshToken })).status,
    ).toBe(200);
    const res = await auth$('POST', '/api/auth/register', {
      login: 'too.late',
      password: PASSWORD,
      displayName: 'Late',
    });
    expect(res.status).toBe(503);
  });
});
