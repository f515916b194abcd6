import type { AuthDeps } from './ports.js';

/**
 * Housekeeping run by a scheduled job: expired refresh tokens (and families left empty) and login
 * failures older than the throttle window can never matter again.
 */
export async function purgeExpired(
  deps: Pick<AuthDeps, 'transactions' | 'policy' | 'now'>,
): Promise<{ refreshTokens: number; failures: number }> {
  const now = deps.now();
  return deps.transactions.run(async (store) => ({
    refreshTokens: await store.purgeRefreshTokens(now),
    failures: await store.purgeLoginAttempts(new Date(now.getTime() - deps.policy.failureWindowMs)),
  }));
}
