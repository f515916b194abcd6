import { invalidRefreshToken } from '../domain/errors.js';
import { hashRefreshToken, judgeRefresh } from '../domain/refresh-tokens.js';
import type { AuthDeps } from './ports.js';
import { issueSession, type Session } from './sessions.js';

/**
 * Exchanges a refresh token for a new pair (rotation). A rotated token presented again revokes its
 * whole family; the revocation commits even though the caller gets a 401.
 */
export async function refresh(deps: AuthDeps, refreshToken: string): Promise<Session> {
  const hash = hashRefreshToken(refreshToken);
  const session = await deps.transactions.run(async (store) => {
    const now = deps.now();
    const stored = await store.lockRefreshToken(hash);
    const verdict = judgeRefresh(stored, now);
    if (!stored || verdict.kind === 'reject') return undefined;
    if (verdict.kind === 'reuse-detected') {
      await store.revokeFamily(stored.familyId, now, 'reuse');
      return undefined;
    }
    // Roles come from the projection now: a role change shows up at the next refresh.
    const user = await store.knownUser(stored.userId);
    if (!user?.active) {
      await store.revokeFamily(stored.familyId, now, 'deactivated');
      return undefined;
    }
    await store.markRotated(hash, now);
    return issueSession(deps, store, user, stored.familyId);
  });
  if (!session) throw invalidRefreshToken();
  return session;
}

/** Ends the session the token belongs to (its whole family). Unknown tokens are ignored. */
export async function logout(deps: AuthDeps, refreshToken: string): Promise<void> {
  const hash = hashRefreshToken(refreshToken);
  await deps.transactions.run(async (store) => {
    const stored = await store.lockRefreshToken(hash);
    if (stored && !stored.familyRevokedAt) await store.revokeFamily(stored.familyId, deps.now(), 'logout');
  });
}
