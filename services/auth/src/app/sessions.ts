import { hashRefreshToken, newRefreshToken } from '../domain/refresh-tokens.js';
import type { AuthDeps, AuthStore } from './ports.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
}

/** Issues an access token and a refresh token; without a family, a new one (a new login) is started. */
export async function issueSession(
  deps: AuthDeps,
  store: AuthStore,
  user: { id: string; login: string; roles: string[] },
  familyId?: string,
): Promise<Session> {
  const now = deps.now();
  let family = familyId;
  if (!family) {
    family = deps.newId();
    await store.startFamily({ id: family, userId: user.id, at: now });
  }
  const refreshToken = newRefreshToken();
  await store.insertRefreshToken({
    hash: hashRefreshToken(refreshToken),
    familyId: family,
    userId: user.id,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + deps.policy.refreshTokenTtlMs),
  });
  const access = await deps.tokens.issue(user);
  return { accessToken: access.token, refreshToken, expiresIn: access.expiresInSeconds, tokenType: 'Bearer' };
}
