import type { Battle } from '../../api/tanks-types';
import type { User } from '../../api/types';
import { timeAgo } from '../../format/time';
import { Link } from '../../router/router';
import { seatLabel } from '../../tanks/names';

/** Battles as links to their pages: who played, how it ended, when. */
export function BattleList({ battles, user }: { battles: Battle[]; user: User }) {
  const me = user.id;
  const person = (userId: string) => (userId === me ? user.displayName || user.login : undefined);
  return (
    <ul className="battle-list" aria-label="Recent battles">
      {battles.map((battle) => {
        const mine = battle.participants.find((p) => p.userId === me);
        const when = battle.finishedAt ?? battle.startedAt ?? battle.createdAt;
        return (
          <li key={battle.id}>
            <Link to={`/battles/${battle.id}`} className="battle-link">
              <span className="battle-seats">
                {battle.participants.map((p) => seatLabel(p, p.name, person)).join(' vs ')}
              </span>
              <span className="battle-meta">
                <span className={`status status-${battle.status}`}>{battle.status}</span>
                {mine?.place != null && <span className="battle-place">place {mine.place}</span>}
                <span className="muted">{battle.kind}</span>
                <time dateTime={when}>{timeAgo(when)}</time>
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
