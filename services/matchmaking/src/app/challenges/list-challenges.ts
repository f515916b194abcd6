import { problem, sql } from '@garrison/kit';
import type { ChallengeStatus } from '../../database.js';
import { toChallengeView, type ChallengeView } from '../../adapters/views.js';
import type { Deps } from '../deps.js';

export interface ChallengeQuery {
  role?: 'sent' | 'received';
  status?: ChallengeStatus;
  limit: number;
}

/**
 * The caller's challenges, newest first. "pending" means still answerable: a pending row past its
 * expiry counts as expired (the view says so too) even before the sweep marks it.
 */
export async function listChallenges(
  deps: Deps,
  userId: string,
  q: ChallengeQuery,
): Promise<ChallengeView[]> {
  let query = deps.db.selectFrom('challenges').selectAll();
  query =
    q.role === 'sent'
      ? query.where('challenger_id', '=', userId)
      : q.role === 'received'
        ? query.where('opponent_id', '=', userId)
        : query.where((eb) => eb.or([eb('challenger_id', '=', userId), eb('opponent_id', '=', userId)]));
  if (q.status === 'pending')
    query = query.where('status', '=', 'pending').where('expires_at', '>', sql<Date>`now()`);
  else if (q.status === 'expired')
    query = query.where((eb) =>
      eb.or([
        eb('status', '=', 'expired'),
        eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', sql<Date>`now()`)]),
      ]),
    );
  else if (q.status) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('created_at', 'desc').limit(q.limit).execute();
  const now = new Date();
  return rows.map((r) => toChallengeView(r, now));
}

export async function getChallenge(deps: Deps, userId: string, id: string): Promise<ChallengeView> {
  const row = await deps.db.selectFrom('challenges').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (row.challenger_id !== userId && row.opponent_id !== userId))
    throw problem(404, 'Not Found', `challenge ${id} does not exist`);
  return toChallengeView(row);
}
