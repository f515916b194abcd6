import type { Identity, Kysely } from '@garrison/kit';
import type { Database, TournamentStatus } from '../database.js';
import { toSummary, type TournamentSummary } from '../adapters/tournament-view.js';

export interface ListFilter {
  status?: TournamentStatus;
  mine?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * Newest first. `mine`: organised by the caller or applied to by them. Otherwise everything public,
 * plus the invite-only ones the caller organises or is invited to (an admin sees all).
 */
export async function listTournaments(
  db: Kysely<Database>,
  who: Identity,
  filter: ListFilter,
): Promise<{ items: TournamentSummary[]; nextCursor: string | null }> {
  let q = db.selectFrom('tournaments').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.cursor) q = q.where('seq', '<', filter.cursor);
  const applied = db.selectFrom('applications').select('tournament_id').where('user_id', '=', who.userId);
  const invited = db.selectFrom('invitations').select('tournament_id').where('user_id', '=', who.userId);
  if (filter.mine) {
    q = q.where((eb) => eb.or([eb('organizer_id', '=', who.userId), eb('id', 'in', applied)]));
  } else if (!who.roles.includes('admin')) {
    q = q.where((eb) =>
      eb.or([eb('visibility', '=', 'public'), eb('organizer_id', '=', who.userId), eb('id', 'in', invited)]),
    );
  }
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > filter.limit ? page[page.length - 1]!.seq : null,
  };
}
