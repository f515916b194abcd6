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
  // The transaction returns the refusal instead of throwing it, so a revocation it made still commits.
  const outcome = await deps.transactions.run(async (store) => {
    const now = deps.now();
    const stored = await store.lockRefreshToken(hash);
    const verdict = judgeRefresh(stored, now);
    if (!stored || verdict.kind === 'reject') {
      return { refused: invalidRefreshToken(verdict.kind === 'reject' ? verdict.reason : 'unknown') };
    }
    if (verdict.kind === 'reuse-detected') {
      await store.revokeFamily(stored.familyId, now, 'reuse');
      return { refused: invalidRefreshToken('reuse-detected') };
    }
    // Roles come from the projection now: a role change shows up at the next refresh.
    const user = await store.knownUser(stored.userId);
    if (!user?.active) {
      await store.revokeFamily(stored.familyId, now, 'deactivated');
      return { refused: invalidRefreshToken('deactivated') };
    }
    await store.markRotated(hash, now);
    return { session: await issueSession(deps, store, user, stored.familyId) };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.session;
}

/** Ends the session the token belongs to (its whole family). Unknown tokens are ignored. */
export async function logout(deps: AuthDeps, refreshToken: string): Promise<void> {
  const hash = hashRefreshToken(refreshToken);
  await deps.transactions.run(async (store) => {
    const stored = await store.lockRefreshToken(hash);
    if (stored && !stored.familyRevokedAt) await store.revokeFamily(stored.familyId, deps.now(), 'logout');
  });
}
