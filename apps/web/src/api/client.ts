import { ApiError, NETWORK_ERROR_MESSAGE, problemToError } from './problem';
import { tokenExpiresAt, type TokenStore } from './tokens';
import type { AccessGrant } from './types';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
/** Runs `task` while no other tab runs one under the same name (Web Locks); identity when unavailable. */
export type ExclusiveRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>;

export interface ApiClientOptions {
  tokens: TokenStore;
  fetch?: Fetch;
  exclusive?: ExclusiveRunner;
  /** Called once when the session cannot be renewed (refresh cookie missing, expired or revoked). */
  onSessionEnded?: () => void;
  now?: () => number;
}

interface RequestOptions {
  /** Open endpoints (register, login, refresh) are called without a token and never trigger a refresh. */
  anonymous?: boolean;
  /** Answer the body's bytes instead of parsed JSON. */
  bytes?: boolean;
}

/**
 * Sent with every call to auth: login answers with the refresh token in an HttpOnly cookie instead of
 * the body, and refresh and logout read it from there. It is also auth's CSRF guard (ADR 250): another
 * site cannot make a browser send a custom header here.
 */
export const COOKIE_SESSION_HEADER = { 'x-garrison-session': 'cookie' } as const;

export const SESSION_ENDED_MESSAGE = 'Your session has ended. Please log in again.';
/** Renew an access token this long before it expires, so a request never leaves with a dying one. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * The only way the app talks to the gateway: relative `/api/...` URLs, JSON in and out, errors as
 * `ApiError` with a readable message. A 401 on an authenticated call renews the tokens once and
 * retries; when renewal fails the session ends.
 */
export class ApiClient {
  private readonly fetch: Fetch;
  private readonly exclusive: ExclusiveRunner;
  private readonly now: () => number;
  private refreshing: Promise<boolean> | null = null;

  constructor(private readonly options: ApiClientOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.exclusive = options.exclusive ?? ((_name, task) => task());
    this.now = options.now ?? Date.now;
  }

  get tokens(): TokenStore {
    return this.options.tokens;
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, body, options);
  }
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, body, options);
  }
  /** The raw body of a GET (a replay may be gzip); errors and token renewal as for every call. */
  getBytes(path: string): Promise<Uint8Array> {
    return this.request<Uint8Array>('GET', path, undefined, { bytes: true });
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    if (options.anonymous) return this.send<T>(method, path, body, null);

    const bytes = options.bytes ?? false;
    const token = await this.currentAccessToken();
    if (token === null) throw this.endSession();
    try {
      return await this.send<T>(method, path, body, token, bytes);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    // The token was refused (expired, or the signing key rotated): renew once and try again.
    if (!(await this.refresh())) throw this.endSession();
    try {
      return await this.send<T>(method, path, body, this.tokens.accessToken, bytes);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw this.endSession();
      throw error;
    }
  }

  /** An access token valid for at least a little while, renewing it first when needed; null when logged out. */
  async currentAccessToken(): Promise<string | null> {
    const token = this.tokens.accessToken;
    if (token !== null && !this.expiresSoon(token)) return token;
    if (!this.tokens.hasSession) return null;
    return (await this.refresh()) ? this.tokens.accessToken : null;
  }

  /**
   * Exchanges the refresh cookie for a new access token (and a rotated cookie). Concurrent callers share
   * one exchange, and tabs take turns through a lock: the tabs share the cookie, refresh tokens rotate,
   * and presenting a rotated one twice revokes the session.
   * Resolves false when the server refuses the token; rejects on network errors (the session may be fine).
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exclusive('garrison-token-refresh', () => this.exchangeRefreshToken()).finally(
      () => {
        this.refreshing = null;
      },
    );
    return this.refreshing;
  }

  /** Renews the tokens now; when the server refuses, the session ends (as after a refused API call). */
  async renewOrEndSession(): Promise<boolean> {
    if (await this.refresh()) return true;
    this.endSession();
    return false;
  }

  /** Keeps the access token of a successful login (its refresh token is in the cookie). */
  signIn(tokens: AccessGrant): void {
    this.tokens.save(tokens);
  }

  /** Forgets the tokens locally; the server-side revocation is the caller's business. */
  signOut(): void {
    this.tokens.clear();
  }

  private async exchangeRefreshToken(): Promise<boolean> {
    if (!this.tokens.hasSession) return false; // read inside the lock: another tab may have logged out
    // A token an older version kept in storage is presented once, and auth moves it into the cookie.
    const legacy = this.tokens.takeLegacyRefreshToken();
    try {
      const grant = await this.send<AccessGrant>(
        'POST',
        '/api/auth/refresh',
        legacy === null ? {} : { refreshToken: legacy },
        null,
      );
      this.tokens.save(grant);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        this.tokens.clear();
        return false;
      }
      throw error;
    }
  }

  private expiresSoon(token: string): boolean {
    const expiresAt = tokenExpiresAt(token);
    return expiresAt !== null && expiresAt - this.now() < EXPIRY_MARGIN_MS;
  }

  private endSession(): ApiError {
    this.tokens.clear();
    this.options.onSessionEnded?.();
    return new ApiError(401, SESSION_ENDED_MESSAGE);
  }

  private async send<T>(
    method: string,
    path: string,
    body: unknown,
    token: string | null,
    bytes = false,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (path.startsWith('/api/auth/')) Object.assign(headers, COOKIE_SESSION_HEADER);

    let response: Response;
    try {
      response = await this.fetch(path, {
        method,
        headers,
        credentials: 'same-origin', // the refresh cookie (the default, said out loud)
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, NETWORK_ERROR_MESSAGE);
    }
    if (bytes && response.ok) return new Uint8Array(await response.arrayBuffer()) as T;
    const parsed = await readBody(response);
    if (!response.ok) throw problemToError(response.status, parsed, response.headers.get('retry-after'));
    return parsed as T;
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text.length === 0) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Web Locks when the browser has them, so two tabs never present the same refresh token. */
export const browserExclusive: ExclusiveRunner = (name, task) => {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  // request() resolves with the task's own result once the lock is released.
  return locks ? (locks.request(name, task) as Promise<Awaited<ReturnType<typeof task>>>) : task();
};
