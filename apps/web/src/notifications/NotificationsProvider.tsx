import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { ApiError } from '../api/problem';
import { api, client } from '../services';
import { useSession } from '../session/SessionProvider';
import { emptyInbox, inboxReducer, type InboxState } from './inbox';
import { NotificationStream, type StreamStatus } from './stream';
import { streamUrl } from './stream-protocol';

export interface Notifications extends InboxState {
  status: StreamStatus;
  error: string | null;
  markRead(id: string): Promise<void>;
  readAll(): Promise<void>;
}

const NotificationsContext = createContext<Notifications | null>(null);

export function useNotifications(): Notifications {
  const value = useContext(NotificationsContext);
  if (!value) throw new Error('useNotifications needs a <NotificationsProvider>');
  return value;
}

/** The signed-in user's inbox, kept current by the live stream; mount it only while signed in. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { renewIdentity } = useSession();
  const [inbox, dispatch] = useReducer(inboxReducer, emptyInbox);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [error, setError] = useState<string | null>(null);
  const renewRef = useRef(renewIdentity);
  renewRef.current = renewIdentity;

  const reload = useCallback(async () => {
    try {
      dispatch({ type: 'loaded', list: await api.notifications.list() });
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    const stream = new NotificationStream({
      url: async (failedAttempts) => {
        if (failedAttempts >= 2 && !(await client.renewOrEndSession())) return null;
        const token = await client.currentAccessToken();
        return token === null ? null : streamUrl(window.location, token);
      },
      onStatus: setStatus,
      // Whatever arrived while the socket was down is fetched again on every (re)connect.
      onConnected: () => void reload(),
      onMessage: (message) => {
        if (message.type === 'unread') {
          dispatch({ type: 'unread-count', unread: message.unread });
          return;
        }
        dispatch({ type: 'received', notification: message.notification });
        // New roles reach the access token only at the next refresh: take it now so the screens follow.
        if (message.notification.type === 'roles.changed') void renewRef.current().catch(() => undefined);
      },
    });
    void reload();
    stream.start();
    return () => stream.stop();
  }, [reload]);

  const markRead = useCallback(
    async (id: string) => {
      dispatch({ type: 'marked-read', id, at: new Date().toISOString() });
      try {
        await api.notifications.markRead(id);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
        await reload();
      }
    },
    [reload],
  );

  const readAll = useCallback(async () => {
    dispatch({ type: 'all-read', at: new Date().toISOString() });
    try {
      await api.notifications.readAll();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      await reload();
    }
  }, [reload]);

  const value = useMemo<Notifications>(
    () => ({ ...inbox, status, error, markRead, readAll }),
    [inbox, status, error, markRead, readAll],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}
