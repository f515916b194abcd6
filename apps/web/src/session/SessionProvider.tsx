import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/problem';
import { SESSION_ENDED_MESSAGE } from '../api/client';
import type { User } from '../api/types';
import { navigate } from '../router/router';
import { api, client, onSessionEnded, onSignedOutElsewhere } from '../services';

type SessionStatus = 'loading' | 'anonymous' | 'signed-in' | 'unreachable';

export interface Session {
  status: SessionStatus;
  user: User | null;
  /** A message for the login screen, e.g. why the user was logged out. */
  notice: string | null;
  login(login: string, password: string): Promise<void>;
  register(input: { login: string; password: string; displayName: string }): Promise<void>;
  logout(): Promise<void>;
  /** Renews the tokens and reloads the profile: after a role change, so screens and token agree. */
  renewIdentity(): Promise<void>;
  replaceUser(user: User): void;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider>');
  return session;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // Resume a session from the refresh cookie (a reload, a new tab): the first call renews the token.
  useEffect(() => {
    let cancelled = false;
    if (!client.tokens.hasSession) {
      setStatus('anonymous');
      return;
    }
    setStatus('loading');
    api.users
      .me()
      .then((me) => {
        if (cancelled) return;
        setUser(me);
        setStatus('signed-in');
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const offline = error instanceof ApiError && (error.status === 0 || error.status >= 500);
        setStatus(offline ? 'unreachable' : 'anonymous');
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(
    () =>
      onSessionEnded(() => {
        setUser(null);
        setStatus('anonymous');
        setNotice(SESSION_ENDED_MESSAGE);
        navigate('/login');
      }),
    [],
  );

  useEffect(
    () =>
      onSignedOutElsewhere(() => {
        client.signOut();
        setUser(null);
        setStatus('anonymous');
        setNotice('You logged out in another tab.');
        navigate('/login');
      }),
    [],
  );

  const login = useCallback(async (loginName: string, password: string) => {
    client.signIn(await api.auth.login({ login: loginName, password }));
    const me = await api.users.me();
    setUser(me);
    setNotice(null);
    setStatus('signed-in');
  }, []);

  const register = useCallback(
    async (input: { login: string; password: string; displayName: string }) => {
      await api.auth.register(input);
      await login(input.login, input.password);
    },
    [login],
  );

  const logout = useCallback(async () => {
    try {
      if (client.tokens.hasSession) await api.auth.logout();
    } catch {
      // Logging out locally must always work; the server forgets an unused refresh token when it expires.
    }
    client.signOut();
    setUser(null);
    setNotice(null);
    setStatus('anonymous');
    navigate('/login');
  }, []);

  const renewIdentity = useCallback(async () => {
    await client.refresh();
    setUser(await api.users.me());
  }, []);

  const value = useMemo<Session>(
    () => ({
      status,
      user,
      notice,
      login,
      register,
      logout,
      renewIdentity,
      replaceUser: setUser,
      retry: () => setAttempt((n) => n + 1),
    }),
    [status, user, notice, login, register, logout, renewIdentity],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
