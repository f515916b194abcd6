import { useCallback, useRef, useState } from 'react';
import { notificationLink } from '../competition/notification-link';
import { timeAgo } from '../format/time';
import { useNotifications } from '../notifications/NotificationsProvider';
import { useDismiss } from './use-dismiss';

const STATUS_TEXT = { live: 'Live', connecting: 'Connecting…', offline: 'Reconnecting…' } as const;

export function Bell() {
  const { items, unread, status, error, markRead, readAll } = useNotifications();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="icon-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls="notifications-panel"
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="badge" data-testid="unread-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section id="notifications-panel" className="panel bell-panel" aria-label="Notifications">
          <header className="panel-header">
            <h2>Notifications</h2>
            <span className={`stream-status stream-${status}`}>{STATUS_TEXT[status]}</span>
            <button
              type="button"
              className="link-button"
              onClick={() => void readAll()}
              disabled={unread === 0}
            >
              Mark all as read
            </button>
          </header>
          {error && (
            <p className="panel-error" role="alert">
              {error}
            </p>
          )}
          {items.length === 0 ? (
            <p className="empty">Nothing here yet.</p>
          ) : (
            <ul className="notification-list">
              {items.map((n) => {
                const link = notificationLink(n.data);
                return (
                  <li key={n.id} className={n.readAt ? 'notification' : 'notification unread'}>
                    <div className="notification-text">
                      <p className="notification-title">
                        {link ? (
                          <a
                            href={`#${link}`}
                            onClick={() => {
                              close();
                              if (!n.readAt) void markRead(n.id);
                            }}
                          >
                            {n.title}
                          </a>
                        ) : (
                          n.title
                        )}
                      </p>
                      {n.body && <p className="notification-body">{n.body}</p>}
                      <time dateTime={n.createdAt}>{timeAgo(n.createdAt)}</time>
                    </div>
                    {!n.readAt && (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Mark “${n.title}” as read`}
                        onClick={() => void markRead(n.id)}
                      >
                        Mark read
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}
