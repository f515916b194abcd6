import { problem, type Identity } from '@garrison/kit';
import type { Selectable } from '@garrison/kit';
import type { TournamentsTable } from '../database.js';
import type { Tx } from './ports.js';

export const isOrganizer = (t: { organizer_id: string }, who: Identity): boolean =>
  t.organizer_id === who.userId || who.roles.includes('admin');

export function requireOrganizer(t: { organizer_id: string }, who: Identity): void {
  if (!isOrganizer(t, who))
    throw problem(403, 'Organiser only', 'Only the organiser of this tournament (or an admin) may do this');
}

export function requireUpcoming(t: { status: string }, action: string): void {
  if (t.status !== 'upcoming')
    throw problem(409, 'Tournament already started', `Cannot ${action}: the tournament is ${t.status}`);
}

/** The tournament row, locked until the transaction ends: decisions about places happen one at a time. */
export async function lockTournament(tx: Tx, id: string): Promise<Selectable<TournamentsTable>> {
  const t = await tx
    .selectFrom('tournaments')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!t) throw problem(404, 'Tournament not found', `There is no tournament ${id}`);
  return t;
}
