import type { User } from '../api/types';
import { RoleList } from '../components/RoleList';
import { FirstBotCard } from '../components/tanks/FirstBotCard';
import { timeAgo } from '../format/time';
import { useNotifications } from '../notifications/NotificationsProvider';
import { Link } from '../router/router';
import { ATES_ACCESS, hasAnyRole, hasRole } from '../session/roles';

export function HomePage({ user }: { user: User }) {
  const { items, unread, loaded } = useNotifications();
  const latest = items.slice(0, 5);
  return (
    <main className="page">
      <h1>Welcome, {user.displayName}</h1>
      <div className="card-grid">
        <FirstBotCard user={user} />
        <section className="card" aria-labelledby="home-ates">
          <h2 id="home-ates">Task exchange</h2>
          <p>Give out tasks, finish yours, and follow the money they earn.</p>
          <ul className="link-list">
            <li>
              <Link to="/tasks">Task board</Link>
            </li>
            <li>
              <Link to="/account">My account</Link>
            </li>
            {hasAnyRole(user, ...ATES_ACCESS.accounting) && (
              <li>
                <Link to="/accounting">Accounting</Link>
              </li>
            )}
            {hasAnyRole(user, ...ATES_ACCESS.analytics) && (
              <li>
                <Link to="/analytics">Analytics</Link>
              </li>
            )}
          </ul>
        </section>
        <section className="card" aria-labelledby="home-account">
          <h2 id="home-account">Your account</h2>
          <p>
            Signed in as <strong>{user.login}</strong>.
          </p>
          <RoleList roles={user.roles} />
          <p>
            <Link to="/profile">Edit your profile</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="home-news">
          <h2 id="home-news">Latest notifications</h2>
          {!loaded ? (
            <p className="muted">Loading…</p>
          ) : latest.length === 0 ? (
            <p className="muted">Nothing yet.</p>
          ) : (
            <>
              <p className="muted">{unread === 0 ? 'All read.' : `${unread} unread.`}</p>
              <ul className="plain-list">
                {latest.map((n) => (
                  <li key={n.id} className={n.readAt ? undefined : 'unread-dot'}>
                    <span>{n.title}</span> <time dateTime={n.createdAt}>{timeAgo(n.createdAt)}</time>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        {hasRole(user, 'admin') && (
          <section className="card" aria-labelledby="home-admin">
            <h2 id="home-admin">Administration</h2>
            <p>Find accounts and decide who is an admin, manager, accountant, worker or player.</p>
            <p>
              <Link to="/admin/users">Manage users</Link>
            </p>
          </section>
        )}
      </div>
    </main>
  );
}
