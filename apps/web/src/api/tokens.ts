// Where the session's tokens live (ADR 250): the short-lived access token only in memory; the refresh
// token in an HttpOnly cookie that no page script can read, so an injected script cannot carry it away.
// Storage keeps only a marker that says "signed in" (no secret): the app knows to renew on load, and
// other tabs hear of a logout through the storage event.

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SESSION_MARKER_KEY = 'garrison.session';
/** Where the app kept the refresh token before the cookie: moved into the cookie once, then deleted. */
export const LEGACY_REFRESH_TOKEN_KEY = 'garrison.refreshToken';

export class TokenStore {
  private access: string | null = null;

  constructor(private readonly storage: KeyValueStorage) {}

  get accessToken(): string | null {
    return this.access;
  }

  /** True while a refresh cookie is believed to exist (read every time: another tab may have logged out). */
  get hasSession(): boolean {
    return (
      this.storage.getItem(SESSION_MARKER_KEY) !== null ||
      this.storage.getItem(LEGACY_REFRESH_TOKEN_KEY) !== null
    );
  }

  save(tokens: { accessToken: string }): void {
    this.access = tokens.accessToken;
    this.storage.setItem(SESSION_MARKER_KEY, '1');
    this.storage.removeItem(LEGACY_REFRESH_TOKEN_KEY); // a new login's cookie supersedes it
  }

  /** A refresh token an older version of the app left in storage, removed as it is taken. */
  takeLegacyRefreshToken(): string | null {
    const token = this.storage.getItem(LEGACY_REFRESH_TOKEN_KEY);
    if (token !== null) this.storage.removeItem(LEGACY_REFRESH_TOKEN_KEY);
    return token;
  }

  clear(): void {
    this.access = null;
    this.storage.removeItem(SESSION_MARKER_KEY);
    this.storage.removeItem(LEGACY_REFRESH_TOKEN_KEY);
  }
}

/** The `exp` of a JWT in epoch milliseconds, or null when it cannot be read. Not a verification. */
export function tokenExpiresAt(jwt: string): number | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const claims: unknown = JSON.parse(atob(base64));
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
