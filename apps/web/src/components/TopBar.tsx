import type { User } from '../api/types';
import { Link } from '../router/router';
import { ATES_ACCESS, hasAnyRole, hasRole } from '../session/roles';
import { Bell } from './Bell';
import { UserMenu } from './UserMenu';

/** The frame every screen lives in. Each area (aTES, later Tanks) adds its links to `nav`. */
export function TopBar({ user, onLogout }: { user: User | null; onLogout: () => void }) {
  return (
    <header className="top-bar">
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        Garrison
      </a>
      {user ? (
        <>
          <nav className="main-nav" aria-label="Main">
            <Link to="/">Home</Link>
            <Link to="/tanks">Tanks</Link>
            <Link to="/tasks">Tasks</Link>
            <Link to="/account">My account</Link>
            {hasAnyRole(user, ...ATES_ACCESS.accounting) && <Link to="/accounting">Accounting</Link>}
            {hasAnyRole(user, ...ATES_ACCESS.analytics) && <Link to="/analytics">Analytics</Link>}
            <Link to="/profile">Profile</Link>
            {hasRole(user, 'admin') && <Link to="/admin/users">Users</Link>}
          </nav>
          <div className="top-actions">
            <Bell />
            <UserMenu user={user} onLogout={onLogout} />
          </div>
        </>
      ) : (
        <nav className="main-nav top-actions" aria-label="Account">
          <Link to="/login">Log in</Link>
          <Link to="/register">Register</Link>
        </nav>
      )}
    </header>
  );
}
