import { describe, expect, it, vi } from 'vitest';
import { ApiClient, SESSION_ENDED_MESSAGE, type Fetch } from '../src/api/client';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../src/api/problem';
import { TokenStore } from '../src/api/tokens';
import { MemoryStorage, fakeJwt, json } from './helpers';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const validFor = (seconds: number) => fakeJwt({ sub: 'u1', exp: Math.floor(NOW / 1000) + seconds });

interface Call {
  path: string;
  method: string;
  authorization: string | null;
  session: string | null;
  body: unknown;
}

/** A scripted gateway: answers by path, records every call. */
function gateway(handlers: Record<string, (call: Call) => Response | Promise<Response>>) {
  const calls: Call[] = [];
  const fetch: Fetch = async (path, init) => {
    const headers = new Headers(init?.headers);
    const call: Call = {
      path,
      method: init?.method ?? 'GET',
      authorization: headers.get('authorization'),
      session: headers.get('x-garrison-session'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const handler = handlers[`${call.method} ${path}`];
    if (!handler) throw new Error(`unexpected ${call.method} ${path}`);
    return handler(call);
  };
  return { fetch, calls };
}

function signedIn(access: string, storage = new MemoryStorage()) {
  const tokens = new TokenStore(storage);
  tokens.save({ accessToken: access });
  return tokens;
}

/** What auth answers the web app: the refresh token went into the HttpOnly cookie. */
const grant = (accessToken: string) => json(200, { accessToken, expiresIn: 900 });

describe('ApiClient', () => {
  it('when a call is authenticated, then it carries the access token as a bearer token', async () => {
    const access = validFor(600);
    const { fetch, calls } = gateway({ 'GET /api/users/me': () => json(200, { id: 'u1' }) });
    const client = new ApiClient({ tokens: signedIn(access), fetch, now: () => NOW });

    await expect(client.get('/api/users/me')).resolves.toEqual({ id: 'u1' });
    expect(calls[0]?.authorization).toBe(`Bearer ${access}`);
  });

  it('when the gateway answers 401, then the cookie is exchanged once and the call is retried with the new token', async () => {
    const fresh = validFor(900);
    const { fetch, calls } = gateway({
      'GET /api/users/me': (call) =>
        call.authorization === `Bearer ${fresh}`
          ? json(200, { id: 'u1' })
          : json(401, { title: 'Unauthorized' }),
      'POST /api/auth/refresh': () => grant(fresh),
    });
    const storage = new MemoryStorage();
    const tokens = signedIn(validFor(600), storage);
    const client = new ApiClient({ tokens, fetch, now: () => NOW });

    await expect(client.get('/api/users/me')).resolves.toEqual({ id: 'u1' });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/users/me',
      'POST /api/auth/refresh',
      'GET /api/users/me',
    ]);
    // No token in the body: the browser sends the cookie; the custom header is auth's CSRF guard.
    expect(calls[1]?.body).toEqual({});
    expect(calls[1]?.session).toBe('cookie');
    expect(calls[1]?.authorization).toBeNull();
    expect(calls[0]?.session).toBeNull(); // other services never hear of the session
    expect(tokens.accessToken).toBe(fresh);
    expect([...storage.values]).toEqual([['garrison.session', '1']]);
  });

  it('when the refresh token is refused, then the session ends once and the user is told to log in again', async () => {
    const { fetch } = gateway({
      'GET /api/users/me': () => json(401, { title: 'Unauthorized' }),
      'POST /api/auth/refresh': () => json(401, { title: 'Unauthorized', detail: 'Refresh token revoked' }),
    });
    const tokens = signedIn(validFor(600));
    const onSessionEnded = vi.fn();
    const client = new ApiClient({ tokens, fetch, onSessionEnded, now: () => NOW });

    const error = await client.get('/api/users/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(SESSION_ENDED_MESSAGE);
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(tokens.hasSession).toBe(false);
    expect(tokens.accessToken).toBeNull();
  });

  it('when the retried call is refused again, then it does not loop: the session ends', async () => {
    const { fetch, calls } = gateway({
      'GET /api/users/me': () => json(401, { title: 'Unauthorized' }),
      'POST /api/auth/refresh': () => grant(validFor(900)),
    });
    const onSessionEnded = vi.fn();
    const client = new ApiClient({ tokens: signedIn(validFor(600)), fetch, onSessionEnded, now: () => NOW });

    await expect(client.get('/api/users/me')).rejects.toThrow(SESSION_ENDED_MESSAGE);
    expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1);
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
  });

  it('when several calls find the token expiring, then they share one refresh (a rotated token is never sent twice)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fresh = validFor(900);
    const { fetch, calls } = gateway({
      'GET /api/a': () => json(200, 'a'),
      'GET /api/b': () => json(200, 'b'),
      'POST /api/auth/refresh': async () => {
        await gate;
        return grant(fresh);
      },
    });
    const client = new ApiClient({ tokens: signedIn(validFor(10)), fetch, now: () => NOW });

    const both = Promise.all([client.get('/api/a'), client.get('/api/b')]);
    release();
    await expect(both).resolves.toEqual(['a', 'b']);
    expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1);
    expect(
      calls.filter((c) => c.path !== '/api/auth/refresh').every((c) => c.authorization === `Bearer ${fresh}`),
    ).toBe(true);
  });

  /** A fresh page (nothing in memory) over `storage`, asking for the profile: the first call must renew. */
  async function afterReload(storage: MemoryStorage) {
    const fresh = validFor(900);
    const { fetch, calls } = gateway({
      'POST /api/auth/refresh': () => grant(fresh),
      'GET /api/users/me': () => json(200, { id: 'u1' }),
    });
    const client = new ApiClient({ tokens: new TokenStore(storage), fetch, now: () => NOW });
    await expect(client.get('/api/users/me')).resolves.toEqual({ id: 'u1' });
    return { calls, fresh };
  }

  it('when the page was reloaded (no access token in memory), then the refresh cookie is exchanged first', async () => {
    const storage = new MemoryStorage();
    new TokenStore(storage).save({ accessToken: 'gone-with-the-page' });
    const { calls, fresh } = await afterReload(storage);
    expect(calls[0]?.body).toEqual({});
    expect(calls[0]?.session).toBe('cookie');
    expect(calls[1]?.authorization).toBe(`Bearer ${fresh}`);
  });

  it('when an older version left a refresh token in storage, then it is presented once to move into the cookie, and deleted', async () => {
    const storage = new MemoryStorage();
    storage.setItem('garrison.refreshToken', 'stored-before');
    const { calls } = await afterReload(storage);
    expect(calls[0]).toMatchObject({ body: { refreshToken: 'stored-before' }, session: 'cookie' });
    expect([...storage.values]).toEqual([['garrison.session', '1']]);
  });

  it('when the network fails during refresh, then the tokens are kept (the session may still be valid)', async () => {
    const fetch: Fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const tokens = signedIn(validFor(5));
    const client = new ApiClient({ tokens, fetch, now: () => NOW });

    await expect(client.get('/api/users/me')).rejects.toThrow(NETWORK_ERROR_MESSAGE);
    expect(tokens.hasSession).toBe(true);
  });

  it('when an open endpoint fails validation, then the problem reaches the caller and no refresh happens', async () => {
    const { fetch, calls } = gateway({
      'POST /api/auth/register': () =>
        json(400, { title: 'Bad Request', errors: [{ path: '/login', message: 'must match pattern' }] }),
    });
    const client = new ApiClient({ tokens: new TokenStore(new MemoryStorage()), fetch, now: () => NOW });

    const error = (await client
      .post('/api/auth/register', { login: 'A!' }, { anonymous: true })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.messageFor('login')).toBe('must match pattern');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.authorization).toBeNull();
  });

  it('when logged out and an authenticated call is made, then nothing is sent and the session-ended error is thrown', async () => {
    const { fetch, calls } = gateway({});
    const client = new ApiClient({ tokens: new TokenStore(new MemoryStorage()), fetch, now: () => NOW });

    await expect(client.get('/api/users/me')).rejects.toThrow(SESSION_ENDED_MESSAGE);
    expect(calls).toHaveLength(0);
  });
});

describe('ApiClient.renewOrEndSession', () => {
  it('when the server refuses the refresh token, then the session ends', async () => {
    const { fetch } = gateway({ 'POST /api/auth/refresh': () => json(401, { title: 'Unauthorized' }) });
    const onSessionEnded = vi.fn();
    const client = new ApiClient({ tokens: signedIn(validFor(600)), fetch, onSessionEnded, now: () => NOW });

    await expect(client.renewOrEndSession()).resolves.toBe(false);
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
  });

  it('when the server accepts it, then the new access token is in use and the session goes on', async () => {
    const fresh = validFor(900);
    const { fetch } = gateway({
      'POST /api/auth/refresh': () => grant(fresh),
    });
    const onSessionEnded = vi.fn();
    const client = new ApiClient({ tokens: signedIn(validFor(600)), fetch, onSessionEnded, now: () => NOW });

    await expect(client.renewOrEndSession()).resolves.toBe(true);
    expect(await client.currentAccessToken()).toBe(fresh);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });
});
