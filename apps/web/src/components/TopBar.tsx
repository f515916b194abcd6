import { useEffect, useRef, useState } from 'react';
import type { User } from '../api/types';
import { Link, usePath } from '../router/router';
import { ATES_ACCESS, hasAnyRole, hasRole } from '../session/roles';
import { Bell } from './Bell';
import { useDismiss } from './use-dismiss';
import { UserMenu } from './UserMenu';

/** The frame every screen lives in. On a phone the main navigation folds behind a "Menu" button. */
export function TopBar({ user, onLogout }: { user: User | null; onLogout: () => void }) {
  const [open, setOpen] = useState(false);
  const path = usePath();
  const menu = useRef<HTMLDivElement>(null);
  useDismiss(menu, open, () => setOpen(false));
  useEffect(() => setOpen(false), [path]);

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
          <div className="main-menu" ref={menu}>
            <button
              type="button"
              className="icon-button menu-button"
              aria-label="Main menu"
              aria-expanded={open}
              aria-controls="main-nav"
              onClick={() => setOpen((o) => !o)}
            >
              <span className="menu-icon" aria-hidden="true" />
              Menu
            </button>
            <nav id="main-nav" className={`main-nav${open ? ' open' : ''}`} aria-label="Main">
              <Link to="/">Home</Link>
              <Link to="/tanks">Tanks</Link>
              <Link to="/tasks">Tasks</Link>
              <Link to="/account">My account</Link>
              {hasAnyRole(user, ...ATES_ACCESS.accounting) && <Link to="/accounting">Accounting</Link>}
              {hasAnyRole(user, ...ATES_ACCESS.analytics) && <Link to="/analytics">Analytics</Link>}
              <Link to="/profile">Profile</Link>
              {hasRole(user, 'admin') && <Link to="/admin/users">Users</Link>}
            </nav>
          </div>
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
