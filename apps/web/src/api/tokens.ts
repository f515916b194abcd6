// Where the session's tokens live: the short-lived access token only in memory (never readable from
// storage by injected scripts after a reload), the refresh token in localStorage so a reload or a new
// tab stays logged in.

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const REFRESH_TOKEN_KEY = 'garrison.refreshToken';

export class TokenStore {
  private access: string | null = null;

  constructor(private readonly storage: KeyValueStorage) {}

  get accessToken(): string | null {
    return this.access;
  }

  /** Read from storage every time: another tab may have rotated it. */
  get refreshToken(): string | null {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  save(tokens: { accessToken: string; refreshToken: string }): void {
    this.access = tokens.accessToken;
    this.storage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
  }

  clear(): void {
    this.access = null;
    this.storage.removeItem(REFRESH_TOKEN_KEY);
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
