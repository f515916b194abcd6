import { needsPostgres } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startAuthSystem, type Answer, type AuthSystem } from './system.js';

// The web app's cookie session (ADR 250): the refresh token only in an HttpOnly cookie, CSRF refused.
const pg = await needsPostgres();
const PASSWORD = 'correct horse battery';
const COOKIE_SESSION = { 'x-garrison-session': 'cookie' };
// What the gateway adds for a browser on https://garrison.example.
const VIA_GATEWAY = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'garrison.example' };
const SAME_ORIGIN = { ...VIA_GATEWAY, origin: 'https://garrison.example', 'sec-fetch-site': 'same-origin' };

/** The refresh cookie's value and attributes from a Set-Cookie answer. */
function refreshCookie(res: Answer): { value: string; attributes: string[] } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('garrison_refresh='));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { value: pair!.slice('garrison_refresh='.length), attributes };
}

describe.skipIf(!pg)('auth: the refresh token in an HttpOnly cookie (real PostgreSQL)', () => {
  let sys: AuthSystem;

  beforeAll(async () => {
    sys = await startAuthSystem({ AUTH_REFRESH_TOKEN_TTL_SECONDS: '3600' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const call = (path: string, body: unknown, headers: Record<string, string>) =>
    request(sys.auth.url, 'POST', path, { body, headers });

  const cookieLogin = async (login: string, headers: Record<string, string> = SAME_ORIGIN) => {
    const reg = await sys.auth$('POST', '/api/auth/register', {
      login,
      password: PASSWORD,
      displayName: login,
    });
    expect(reg.status).toBe(201);
    const res = await call(
      '/api/auth/login',
      { login, password: PASSWORD },
      { ...COOKIE_SESSION, ...headers },
    );
    expect(res.status).toBe(200);
    const cookie = refreshCookie(res);
    expect(cookie).toBeDefined();
    return { res, token: cookie!.value };
  };

  /** Register and log in as the Agent and API clients do: no session header, the token in the body. */
  const bodyLogin = async (login: string) => {
    await sys.auth$('POST', '/api/auth/register', { login, password: PASSWORD, displayName: login });
    return sys.auth$('POST', '/api/auth/login', { login, password: PASSWORD });
  };

  const cookieRefresh = (
    token: string,
    headers: Record<string, string> = { ...COOKIE_SESSION, ...SAME_ORIGIN },
  ) => call('/api/auth/refresh', {}, { cookie: `theme=dark; garrison_refresh=${token}`, ...headers });

  it('when the web app logs in, then the refresh token is only in an HttpOnly, Secure, SameSite=Strict cookie on /api/auth', async () => {
    const { res, token } = await cookieLogin('cookie-alice');
    expect(res.body).toEqual({ accessToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
    expect(JSON.stringify(res.body)).not.toContain(token);
    const { attributes } = refreshCookie(res)!;
    expect(attributes).toEqual(
      expect.arrayContaining(['Path=/api/auth', 'HttpOnly', 'SameSite=Strict', 'Secure', 'Max-Age=3600']),
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('when a client logs in without asking for the cookie (Agent, API), then the body has the refresh token and no cookie is set', async () => {
    const res = await bodyLogin('agent-bob');
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).toEqual(expect.any(String));
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('when the cookie is presented, then refresh rotates it: a new cookie, no token in the body, and the old one is dead', async () => {
    const { token } = await cookieLogin('cookie-carol');
    const first = await cookieRefresh(token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accessToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
    const rotated = refreshCookie(first)!;
    expect(rotated.value).not.toBe(token);
    expect(rotated.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Secure']));
    // The rotated cookie works in turn.
    const second = await cookieRefresh(rotated.value);
    expect(second.status).toBe(200);
    expect(refreshCookie(second)!.value).not.toBe(rotated.value);
  });

  it('when a rotated cookie is presented again, then 401, the cookie is cleared and the whole session is revoked', async () => {
    const { token } = await cookieLogin('cookie-dave');
    const first = await cookieRefresh(token);
    const current = refreshCookie(first)!.value;
    const reuse = await cookieRefresh(token);
    expect(reuse.status).toBe(401);
    expect(refreshCookie(reuse)).toEqual({ value: '', attributes: expect.arrayContaining(['Max-Age=0']) });
    // Reuse revoked the family: the current token is dead too.
    expect((await cookieRefresh(current)).status).toBe(401);
  });

  it('when the web app logs out, then the cookie is cleared and its session revoked', async () => {
    const { token } = await cookieLogin('cookie-erin');
    const out = await call(
      '/api/auth/logout',
      {},
      { cookie: `garrison_refresh=${token}`, ...COOKIE_SESSION, ...SAME_ORIGIN },
    );
    expect(out.status).toBe(204);
    expect(refreshCookie(out)).toEqual({
      value: '',
      attributes: expect.arrayContaining(['Max-Age=0', 'Path=/api/auth']),
    });
    expect((await cookieRefresh(token)).status).toBe(401);
  });

  describe('cross-site requests (CSRF) are refused and leave the session alone', () => {
    const attempts: Array<[string, Record<string, string>]> = [
      ['without the custom header (a cross-site form post)', { ...SAME_ORIGIN }],
      ['from another origin', { ...COOKIE_SESSION, ...VIA_GATEWAY, origin: 'https://evil.example' }],
      [
        'that the browser marks cross-site',
        { ...COOKIE_SESSION, ...VIA_GATEWAY, 'sec-fetch-site': 'cross-site' },
      ],
      [
        'that the browser marks same-site (a sibling subdomain)',
        { ...COOKIE_SESSION, ...VIA_GATEWAY, 'sec-fetch-site': 'same-site' },
      ],
      ['from an opaque origin', { ...COOKIE_SESSION, ...VIA_GATEWAY, origin: 'null' }],
    ];

    it.each(attempts)(
      'when a refresh comes %s, then 403 and the cookie still works',
      async (_name, headers) => {
        const { token } = await cookieLogin(`csrf-refresh-${attempts.findIndex(([, h]) => h === headers)}`);
        const attack = await cookieRefresh(token, headers);
        expect(attack.status).toBe(403);
        expect(attack.headers.get('content-type')).toContain('application/problem+json');
        expect(refreshCookie(attack)).toBeUndefined();
        expect((await cookieRefresh(token)).status).toBe(200);
      },
    );

    it('when a logout comes without the custom header, then 403 and the session lives on', async () => {
      const { token } = await cookieLogin('csrf-logout');
      const attack = await call(
        '/api/auth/logout',
        {},
        { cookie: `garrison_refresh=${token}`, ...SAME_ORIGIN },
      );
      expect(attack.status).toBe(403);
      expect((await cookieRefresh(token)).status).toBe(200);
    });

    it('when a cookie login comes from another origin (login CSRF), then 403 and no cookie', async () => {
      await sys.auth$('POST', '/api/auth/register', {
        login: 'csrf-login',
        password: PASSWORD,
        displayName: 'C',
      });
      const attack = await call(
        '/api/auth/login',
        { login: 'csrf-login', password: PASSWORD },
        { ...COOKIE_SESSION, ...VIA_GATEWAY, origin: 'https://evil.example' },
      );
      expect(attack.status).toBe(403);
      expect(attack.headers.getSetCookie()).toEqual([]);
    });
  });

  it('when a cookie refresh has no cookie, then 401', async () => {
    const res = await call('/api/auth/refresh', {}, { ...COOKIE_SESSION, ...SAME_ORIGIN });
    expect(res.status).toBe(401);
  });

  it('when the body carries the token (Agent, API), then refresh answers in the body as before, whatever cookie is sent', async () => {
    const login = await bodyLogin('agent-fay');
    const res = await call(
      '/api/auth/refresh',
      { refreshToken: login.body.refreshToken },
      { cookie: 'garrison_refresh=x' },
    );
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).toEqual(expect.any(String));
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('when the web app presents a token it stored before the cookie, with the session header, then it is rotated into the cookie', async () => {
    const login = await bodyLogin('agent-gus');
    const res = await call(
      '/api/auth/refresh',
      { refreshToken: login.body.refreshToken },
      { ...COOKIE_SESSION, ...SAME_ORIGIN },
    );
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).toBeUndefined();
    const moved = refreshCookie(res)!;
    expect(moved.attributes).toContain('HttpOnly');
    expect((await cookieRefresh(moved.value)).status).toBe(200);
    // The stored token was rotated: presenting it again is reuse.
    expect(
      (await sys.auth$('POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken })).status,
    ).toBe(401);
  });

  it('when the browser reaches auth over plain http on loopback (local development), then the cookie is not Secure; on any other host it is', async () => {
    const local = await cookieLogin('cookie-local', {
      'x-forwarded-proto': 'http',
      'x-forwarded-host': '127.0.0.1:8080',
      origin: 'http://127.0.0.1:8080',
    });
    expect(refreshCookie(local.res)!.attributes).not.toContain('Secure');
    expect(refreshCookie(local.res)!.attributes).toContain('HttpOnly');
    const plain = await cookieLogin('cookie-plain', {
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'garrison.example',
      origin: 'http://garrison.example',
    });
    expect(refreshCookie(plain.res)!.attributes).toContain('Secure');
  });
});
