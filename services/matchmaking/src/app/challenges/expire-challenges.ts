import { withTransaction } from '@garrison/kit';
import type { Deps } from '../deps.js';
import type { Tx } from '../ports.js';

/** Marks pending challenges past their expiry (all, or one) expired and publishes `challenge.expired`. */
async function expire(tx: Tx, bus: Deps['bus'], challengeId?: string): Promise<number> {
  let query = tx
    .updateTable('challenges')
    .set({ status: 'expired', decided_at: (eb) => eb.ref('expires_at') })
    .where('status', '=', 'pending')
    .where('expires_at', '<=', new Date());
  if (challengeId) query = query.where('id', '=', challengeId);
  const rows = await query.returningAll().execute();
  for (const row of rows) {
    await bus.publish(tx, {
      type: 'challenge.expired',
      version: 1,
      data: {
        challengeId: row.id,
        challengerId: row.challenger_id,
        opponentId: row.opponent_id,
        expiredAt: row.expires_at.toISOString(),
      },
    });
  }
  return rows.length;
}

/** The one-off job scheduled at the challenge's expiry; harmless when it was answered meanwhile. */
export const expireChallenge = (deps: Deps, challengeId: string) =>
  withTransaction(deps.db, (tx) => expire(tx, deps.bus, challengeId));

/** The every-minute sweep that catches expiries whose one-off job was never scheduled. */
export const expireDueChallenges = (deps: Deps) => withTransaction(deps.db, (tx) => expire(tx, deps.bus));
