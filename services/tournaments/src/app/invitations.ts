import { withTransaction, type Identity } from '@garrison/kit';
import { lockTournament, requireOrganizer, requireUpcoming } from './access.js';
import { acceptedCount, decide } from './applications.js';
import type { Deps } from './deps.js';

export interface InvitationView {
  tournamentId: string;
  userId: string;
  invitedAt: string;
}

/**
 * POST .../invitations: the organiser invites a user. Inviting twice is one invitation. A pending
 * application of the invitee is accepted now, as it would be on submit.
 */
export async function inviteUser(
  deps: Deps,
  tournamentId: string,
  who: Identity,
  userId: string,
): Promise<{ invitation: InvitationView; created: boolean }> {
  return withTransaction(deps.db, async (tx) => {
    const t = await lockTournament(tx, tournamentId);
    requireOrganizer(t, who);
    requireUpcoming(t, 'invite');
    const inserted = await tx
      .insertInto('invitations')
      .values({ tournament_id: t.id, user_id: userId })
      .onConflict((oc) => oc.columns(['tournament_id', 'user_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    const row =
      inserted ??
      (await tx
        .selectFrom('invitations')
        .selectAll()
        .where('tournament_id', '=', t.id)
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow());
    if (inserted) {
      await deps.bus.publish(tx, {
        type: 'tournament.invitation-sent',
        version: 1,
        data: {
          tournamentId: t.id,
          userId,
          organizerId: t.organizer_id,
          title: t.title,
          startsAt: t.starts_at.toISOString(),
          invitedAt: inserted.invited_at.toISOString(),
        },
      });
      const pending = await tx
        .selectFrom('applications')
        .selectAll()
        .where('tournament_id', '=', t.id)
        .where('user_id', '=', userId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending && (await acceptedCount(tx, t.id)) < t.capacity) {
        await decide(tx, deps.bus, t.title, pending, 'accepted', null);
      }
    }
    return {
      invitation: { tournamentId: t.id, userId, invitedAt: row.invited_at.toISOString() },
      created: Boolean(inserted),
    };
  });
}
