import { useEffect, type ReactNode } from 'react';
import type { User } from './api/types';
import { Alert } from './components/Alert';
import { TopBar } from './components/TopBar';
import { NotificationsProvider } from './notifications/NotificationsProvider';
import { AccountingPage } from './pages/AccountingPage';
import { AccountPage } from './pages/AccountPage';
import { AdminUsersPage } from './pages/AdminUsersPage';
import { AnalyticsPage } from './pages/AnalyticsPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { RegisterPage } from './pages/RegisterPage';
import { TasksPage } from './pages/TasksPage';
import { navigate, usePath } from './router/router';
import { ATES_ACCESS, hasAnyRole, hasRole } from './session/roles';
import { useSession } from './session/SessionProvider';

const PUBLIC_PATHS = new Set(['/login', '/register']);
const TITLES: Record<string, string> = {
  '/': 'Home',
  '/login': 'Log in',
  '/register': 'Create account',
  '/profile': 'Profile',
  '/admin/users': 'Users',
  '/tasks': 'Task board',
  '/account': 'My account',
  '/accounting': 'Accounting',
  '/analytics': 'Analytics',
};

export function App() {
  const session = useSession();
  const path = usePath();
  const { status, user } = session;

  // Logged-out visitors land on the login screen; logged-in ones never see it.
  useEffect(() => {
    if (status === 'anonymous' && !PUBLIC_PATHS.has(path)) navigate('/login');
    if (status === 'signed-in' && PUBLIC_PATHS.has(path)) navigate('/');
  }, [status, path]);

  useEffect(() => {
    document.title = `${TITLES[path] ?? 'Not found'} · Garrison`;
  }, [path]);

  const logout = () => void session.logout();

  if (status === 'loading') {
    return (
      <Shell user={null} onLogout={logout}>
        <main className="page">
          <p className="muted">Loading…</p>
        </main>
      </Shell>
    );
  }
  if (status === 'unreachable') {
    return (
      <Shell user={null} onLogout={logout}>
        <main className="page narrow">
          <Alert>Cannot reach Garrison right now.</Alert>
          <button type="button" className="primary" onClick={session.retry}>
            Try again
          </button>
        </main>
      </Shell>
    );
  }
  if (status === 'anonymous' || !user) {
    return (
      <Shell user={null} onLogout={logout}>
        {path === '/register' ? <RegisterPage /> : <LoginPage />}
      </Shell>
    );
  }
  return (
    <NotificationsProvider>
      <Shell user={user} onLogout={logout}>
        <SignedInScreen path={path} user={user} />
      </Shell>
    </NotificationsProvider>
  );
}

function SignedInScreen({ path, user }: { path: string; user: User }) {
  switch (path) {
    case '/':
    case '/login':
    case '/register':
      return <HomePage user={user} />;
    case '/profile':
      return <ProfilePage key={user.id} user={user} />;
    case '/admin/users':
      return hasRole(user, 'admin') ? <AdminUsersPage /> : <NotFoundPage reason="forbidden" />;
    case '/tasks':
      return <TasksPage key={user.id} user={user} />;
    case '/account':
      return <AccountPage key={user.id} />;
    case '/accounting':
      return hasAnyRole(user, ...ATES_ACCESS.accounting) ? (
        <AccountingPage key={user.id} user={user} />
      ) : (
        <NotFoundPage reason="forbidden" who="administrators and accountants" />
      );
    case '/analytics':
      return hasAnyRole(user, ...ATES_ACCESS.analytics) ? (
        <AnalyticsPage key={user.id} />
      ) : (
        <NotFoundPage reason="forbidden" />
      );
    default:
      return <NotFoundPage reason="missing" />;
  }
}

function Shell({
  user,
  onLogout,
  children,
}: {
  user: User | null;
  onLogout: () => void;
  children: ReactNode;
}) {
  return (
    <>
      <TopBar user={user} onLogout={onLogout} />
      {children}
    </>
  );
}
