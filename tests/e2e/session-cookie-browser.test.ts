/**
 * The web app's refresh token in an HttpOnly cookie (ADR 250), attacked through the gateway of a whole
 * system (`npm start`'s platform services) and from inside Debian's Chromium: after login no storage a
 * page script can read holds the refresh token, nor does `document.cookie`; a refresh another site
 * (or a script without the guard header) makes is refused; a reload keeps the user signed in; the Agent
 * and API clients keep the body field (SPEC).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { ApiClient } from './support/api-client.js';
import { browserSuiteSkipped, launchChromium, screenshotPath } from './support/browser.js';

const SYSTEM_START_MS = 240_000;
const PASSWORD = 'correct horse battery';
const COOKIE_SESSION = { 'x-garrison-session': 'cookie' };
const stamp = Date.now().toString(36);

/** Evaluated in the page: everything a page script can read, both storages and document.cookie. */
const SCRIPT_READABLE = `(() => {
  const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
  return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie };
})()`;

/** The refresh cookie in a Set-Cookie answer: its value and attributes. */
function refreshCookie(headers: Headers): { value: string; attributes: string[] } | undefined {
  const line = headers.getSetCookie().find((c) => c.startsWith('garrison_refresh='));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { value: pair!.slice('garrison_refresh='.length), attributes };
}

let system: RunningSystem;
let api: ApiClient;

beforeAll(async () => {
  system = await startSystem({ env: { GARRISON_RATE_LIMIT: 'off' } });
  api = new ApiClient(system.url);
}, SYSTEM_START_MS);

afterAll(async () => {
  await system?.stop();
}, 60_000);

async function register(login: string): Promise<void> {
  const res = await api.post('/api/auth/register', {
    login,
    password: PASSWORD,
    displayName: `The ${login}`,
  });
  expect(res.status).toBe(201);
}

describe('the refresh cookie through the gateway', () => {
  const origin = () => ({ origin: system.url, 'sec-fetch-site': 'same-origin' });
  const refreshWith = (token: string, headers: Record<string, string>) =>
    api.post('/api/auth/refresh', {}, { headers: { cookie: `garrison_refresh=${token}`, ...headers } });
  /** A new account logged in as the web app does: the session header, from the gateway's own origin. */
  const cookieLogin = async (login: string) => {
    await register(login);
    return api.post(
      '/api/auth/login',
      { login, password: PASSWORD },
      { headers: { ...COOKIE_SESSION, ...origin() } },
    );
  };

  it('when the web app logs in, then the answer a script could read has no refresh token; it is in an HttpOnly SameSite=Strict cookie for /api/auth', async () => {
    const res = await cookieLogin(`ck-login-${stamp}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body as object).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType']);
    const cookie = refreshCookie(res.headers)!;
    expect(cookie.value.length).toBeGreaterThanOrEqual(32);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/api/auth']),
    );
    // The gateway answers on plain-http loopback here (development): the one place without Secure.
    expect(new URL(system.url).protocol).toBe('http:');
    expect(cookie.attributes).not.toContain('Secure');
  });

  it('when another site (or a script without the guard header) asks for a refresh with the cookie, then 403, no new cookie, and the session is untouched', async () => {
    const token = refreshCookie((await cookieLogin(`ck-csrf-${stamp}`)).headers)!.value;

    const forgedForm = await refreshWith(token, {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(forgedForm.status).toBe(403);
    const withoutGuard = await refreshWith(token, origin());
    expect(withoutGuard.status).toBe(403);
    const foreignOrigin = await refreshWith(token, { ...COOKIE_SESSION, origin: 'https://evil.example' });
    expect(foreignOrigin.status).toBe(403);
    for (const refused of [forgedForm, withoutGuard, foreignOrigin]) {
      expect(refused.contentType).toContain('application/problem+json');
      expect(refreshCookie(refused.headers)).toBeUndefined();
    }

    const own = await refreshWith(token, { ...COOKIE_SESSION, ...origin() });
    expect(own.status).toBe(200);
    expect((own.body as { refreshToken?: string }).refreshToken).toBeUndefined();
    // Rotation and reuse detection as with the body: the old cookie again ends the whole session.
    const rotated = refreshCookie(own.headers)!.value;
    expect(rotated).not.toBe(token);
    expect((await refreshWith(token, { ...COOKIE_SESSION, ...origin() })).status).toBe(401);
    expect((await refreshWith(rotated, { ...COOKIE_SESSION, ...origin() })).status).toBe(401);
  });

  it('when the Agent or an API client logs in and refreshes with the body, then it works as before and gets no cookie', async () => {
    await register(`ck-agent-${stamp}`);
    const login = await api.post('/api/auth/login', { login: `ck-agent-${stamp}`, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers.getSetCookie()).toEqual([]);
    const refreshed = await api.post('/api/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toEqual(expect.any(String));
    expect(refreshed.headers.getSetCookie()).toEqual([]);
  });
});

describe.skipIf(browserSuiteSkipped('Session cookie browser tests'))(
  'the refresh cookie in a real browser',
  () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];
    const login = `ck-web-${stamp}`;

    beforeAll(async () => {
      browser = await launchChromium();
      await register(login);
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    const welcome = () => page.getByRole('heading', { name: `Welcome, The ${login}` });
    const refreshCookieInJar = async () =>
      (await context.cookies()).find((c) => c.name === 'garrison_refresh');
    /** Everything a page script can read: both storages and document.cookie. */
    const scriptReadable = () =>
      page.evaluate<{ local: Record<string, string>; session: Record<string, string>; cookie: string }>(
        SCRIPT_READABLE,
      );

    it('when a user logs in, then no storage and no document.cookie hold the refresh token, and a reload keeps them signed in', async () => {
      await page.goto(`${system.url}/#/login`);
      await page.getByLabel('Login').fill(login);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await welcome().waitFor();

      const cookie = await refreshCookieInJar();
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
      const readable = await scriptReadable();
      const everything = JSON.stringify(readable);
      expect(everything).not.toContain(cookie!.value);
      expect(everything).not.toMatch(/refresh/i);
      expect(readable.cookie).not.toContain('garrison_refresh');
      // Only the "signed in" marker is left in storage: no secret.
      expect(readable.local).toMatchObject({ 'garrison.session': '1' });

      await page.reload();
      await welcome().waitFor();
      // The reload renewed the session from the cookie, which rotated.
      const after = await refreshCookieInJar();
      expect(after?.value).not.toBe(cookie!.value);
      expect(JSON.stringify(await scriptReadable())).not.toContain(after!.value);
      await page.screenshot({ path: screenshotPath('session-cookie-after-reload'), fullPage: true });
    }, 60_000);

    it('when an injected script tries the session, then a refresh without the guard header is refused and one with it shows no refresh token', async () => {
      const attempts = await page.evaluate(async () => {
        const post = (headers: Record<string, string>) =>
          fetch('/api/auth/refresh', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: '{}',
          });
        const unguarded = await post({});
        const guarded = await post({ 'x-garrison-session': 'cookie' });
        return { unguarded: unguarded.status, guarded: guarded.status, body: await guarded.text() };
      });
      expect(attempts.unguarded).toBe(403);
      // Same-origin script can renew an access token (it runs in the page anyway), but never sees the
      // long-lived credential it could carry away.
      expect(attempts.guarded).toBe(200);
      expect(Object.keys(JSON.parse(attempts.body) as object).sort()).toEqual([
        'accessToken',
        'expiresIn',
        'tokenType',
      ]);
      expect(attempts.body).not.toContain((await refreshCookieInJar())!.value);
    });

    it('when the user logs out, then the cookie is gone and its token no longer works', async () => {
      const before = (await refreshCookieInJar())!.value;
      await page.getByRole('button', { name: /^Account menu for / }).click();
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      await expect.poll(refreshCookieInJar).toBeUndefined();
      const stale = await api.post(
        '/api/auth/refresh',
        {},
        { headers: { cookie: `garrison_refresh=${before}`, ...COOKIE_SESSION } },
      );
      expect(stale.status).toBe(401);
      // A reload after logout stays logged out.
      await page.reload();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      expect(pageErrors).toEqual([]);
    });
  },
);
