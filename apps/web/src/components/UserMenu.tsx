import { useCallback, useRef, useState } from 'react';
import type { User } from '../api/types';
import { initials } from '../format/initials';
import { navigate } from '../router/router';
import { useDismiss } from './use-dismiss';

export function UserMenu({ user, onLogout }: { user: User; onLogout: () => void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  const go = (path: string) => {
    setOpen(false);
    navigate(path);
  };
  return (
    <div className="user-menu" ref={root}>
      <button
        type="button"
        className="user-button"
        aria-label={`Account menu for ${user.displayName}`}
        aria-expanded={open}
        aria-controls="account-panel"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.displayName || user.login)}
        </span>
        <span className="user-name">{user.displayName}</span>
      </button>
      {open && (
        <div id="account-panel" className="panel menu-panel">
          <p className="menu-caption">
            Signed in as <strong>{user.login}</strong>
          </p>
          <button type="button" className="menu-item" onClick={() => go('/profile')}>
            Profile
          </button>
          <button type="button" className="menu-item" onClick={() => go('/settings/notifications')}>
            Notification settings
          </button>
          <button type="button" className="menu-item" onClick={() => go('/mailbox')}>
            Mailbox
          </button>
          <button
            type="button"
            className="menu-item"
            onClick={() => {
              setOpen(false);
              onLogout();
            }}
          >
            Log out
          </button>
        </div>
      )}
    </div>
  );
}
