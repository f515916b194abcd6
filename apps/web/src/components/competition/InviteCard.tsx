import { useState } from 'react';
import type { User } from '../../api/types';
import { competition } from '../../services';
import { Alert } from '../Alert';
import { useAction } from '../use-action';
import { PlayerSearch } from './PlayerSearch';

/** The organiser finds a player by login or name and invites them (invitees are accepted on applying). */
export function InviteCard({ tournamentId, organizerId }: { tournamentId: string; organizerId: string }) {
  const [invited, setInvited] = useState<string[]>([]);
  const invite = useAction(async (user: User) => {
    await competition.tournaments.invite(tournamentId, user.id);
    setInvited((list) => [...list, user.id]);
  });
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a player</h2>
      <p className="muted small">Invited players are in as soon as they apply, while there is room.</p>
      {invite.error && <Alert>{invite.error.message}</Alert>}
      <PlayerSearch
        id="invite-query"
        exclude={[organizerId]}
        action={(user) =>
          invited.includes(user.id) ? (
            <span className="status status-accepted">invited</span>
          ) : (
            <button
              type="button"
              className="secondary small"
              disabled={invite.pending}
              onClick={() => void invite.run(user)}
            >
              Invite {user.displayName}
            </button>
          )
        }
      />
    </section>
  );
}
