import { DemoApiError, poll, type DemoApi } from './api.js';

export interface DemoAccount {
  login: string;
  id: string;
  token: string;
  /** Made by this run (false: it existed and logged in). */
  created: boolean;
}

export class DemoPasswordMismatch extends Error {
  override name = 'DemoPasswordMismatch';
}

async function logIn(api: DemoApi, login: string, password: string): Promise<{ id: string; token: string }> {
  const answer = await api.send<{ accessToken: string }>('POST', '/api/auth/login', { login, password });
  if (answer.status === 401)
    throw new DemoPasswordMismatch(`the account ${login} exists but does not take the stored demo password`);
  if (answer.status !== 200) throw new DemoApiError('POST', '/api/auth/login', answer.status, answer.body);
  const token = answer.body.accessToken;
  const me = await api.get<{ id: string }>('/api/users/me', token);
  return { id: me.id, token };
}

/** Registers the account like a newcomer would (default roles: worker, player), or logs it in when it exists. */
export async function ensurePlayer(
  api: DemoApi,
  who: { login: string; displayName: string },
  password: string,
): Promise<DemoAccount> {
  const registered = await api.send('POST', '/api/auth/register', {
    login: who.login,
    displayName: who.displayName,
    password,
  });
  if (registered.status !== 201 && registered.status !== 409)
    throw new DemoApiError('POST', '/api/auth/register', registered.status, registered.body);
  return { login: who.login, ...(await logIn(api, who.login, password)), created: registered.status === 201 };
}

/**
 * An account with chosen roles, made the way an admin does it: the users service creates it, auth gives
 * it a password (auth learns the account from an event, so that step waits for it).
 */
export async function ensureStaff(
  api: DemoApi,
  admin: { token: string },
  who: { login: string; displayName: string; roles: string[] },
  password: string,
): Promise<DemoAccount> {
  const created = await api.send<{ id: string }>(
    'POST',
    '/api/users',
    { login: who.login, displayName: who.displayName, roles: who.roles },
    admin.token,
  );
  if (created.status !== 201 && created.status !== 409)
    throw new DemoApiError('POST', '/api/users', created.status, created.body);
  if (created.status === 409) {
    try {
      return { login: who.login, ...(await logIn(api, who.login, password)), created: false };
    } catch (err) {
      // made by an earlier run that stopped before giving it its password: the admin gives it now
      if (!(err instanceof DemoPasswordMismatch)) throw err;
    }
  }
  const userId = created.status === 201 ? created.body.id : await userIdOf(api, admin.token, who.login);
  const path = `/api/auth/users/${userId}/password`;
  const set = await poll(
    async () => {
      const answer = await api.send('PUT', path, { password }, admin.token);
      if (answer.status === 204) return true;
      if (answer.status !== 404) throw new DemoApiError('PUT', path, answer.status, answer.body);
      return undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  if (!set) throw new Error(`auth did not learn the account ${who.login} within 30 s`);
  return { login: who.login, ...(await logIn(api, who.login, password)), created: created.status === 201 };
}

async function userIdOf(api: DemoApi, token: string, login: string): Promise<string> {
  const page = await api.get<{ items: { id: string; login: string }[] }>(
    `/api/users?query=${encodeURIComponent(login)}&limit=100`,
    token,
  );
  const user = page.items.find((u) => u.login === login);
  if (!user) throw new Error(`the account ${login} exists but cannot be found`);
  return user.id;
}

/** The bootstrap admin, for the steps only an admin may take. */
export async function logInAdmin(api: DemoApi, password: string): Promise<{ token: string }> {
  return logIn(api, 'admin', password);
}
