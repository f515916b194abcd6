import type { AuthDeps } from './ports.js';

export interface RevocationPage {
  items: { userId: string; notBefore: number }[];
  cursor: number;
}

const PAGE = 500;

/**
 * What services follow to refuse revoked access tokens (ADR 153): entries after `after`, only those
 * that can still matter (tokens older than one access-token lifetime have expired anyway). `notBefore`
 * is in unix seconds, like a token's `iat`, rounded down: a token issued in the same second as the
 * revocation is not refused.
 */
export async function revocationFeed(
  deps: Pick<AuthDeps, 'transactions' | 'now'>,
  after: number,
  tokenLifetimeSeconds: number,
): Promise<RevocationPage> {
  const since = new Date(deps.now().getTime() - (tokenLifetimeSeconds + 60) * 1000);
  const rows = await deps.transactions.run((store) => store.revocationsAfter(after, since, PAGE));
  return {
    items: rows.map((r) => ({ userId: r.userId, notBefore: Math.floor(r.notBefore.getTime() / 1000) })),
    cursor: rows.length > 0 ? rows[rows.length - 1]!.seq : after,
  };
}
