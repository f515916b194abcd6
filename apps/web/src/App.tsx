import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import type { User } from './api/types';
import { Alert } from './components/Alert';
import { TopBar } from './components/TopBar';
import { NotificationsProvider } from './notifications/NotificationsProvider';
import { AccountingPage } from './pages/AccountingPage';
import { AccountPage } from './pages/AccountPage';
import { AdminUsersPage } from './pages/AdminUsersPage';
import { AnalyticsPage } from './pages/AnalyticsPage';
import { BotsPage } from './pages/BotsPage';
import { ChallengesPage } from './pages/ChallengesPage';
import { HomePage } from './pages/HomePage';
import { LandingPage } from './pages/LandingPage';
import { LeaderboardPage } from './pages/LeaderboardPage';
import { LoginPage } from './pages/LoginPage';
import { MailboxPage } from './pages/MailboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NewTournamentPage } from './pages/NewTournamentPage';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage';
import { PlayPage } from './pages/PlayPage';
import { PracticePage } from './pages/PracticePage';
import { ProfilePage } from './pages/ProfilePage';
import { RegisterPage } from './pages/RegisterPage';
import { RoomPage } from './pages/RoomPage';
import { SeriesPage } from './pages/SeriesPage';
import { TanksPage } from './pages/TanksPage';
import { TasksPage } from './pages/TasksPage';
import { TournamentPage } from './pages/TournamentPage';
import { TournamentsPage } from './pages/TournamentsPage';
import { UserPage } from './pages/UserPage';
import './router/leave-guard'; // before any screen subscribes to hashchange (see the module)
import { forgetPage, rememberPage, takeReturnPage } from './router/return-to';
import { navigate, usePath } from './router/router';
import { ATES_ACCESS, hasAnyRole, hasRole } from './session/roles';
import { useSession } from './session/SessionProvider';

// The engine and the code editor are big: their screens load on first visit.
const BattlePage = lazy(() => import('./pages/BattlePage').then((m) => ({ default: m.BattlePage })));
const BotPage = lazy(() => import('./pages/BotPage').then((m) => ({ default: m.BotPage })));

/** What a signed-out visitor may see: the landing page and the two forms. */
const PUBLIC_PATHS = new Set(['/', '/login', '/register']);
const AUTH_FORMS = new Set(['/login', '/register']);
const TITLES: Record<string, string> = {
  '/': 'Home',
  '/login': 'Log in',
  '/register': 'Create account',
  '/profile': 'Profile',
  '/settings/notifications': 'Notification settings',
  '/mailbox': 'Mailbox',
  '/admin/users': 'Users',
  '/tasks': 'Task board',
  '/account': 'My account',
  '/accounting': 'Accounting',
  '/analytics': 'Analytics',
  '/tanks': 'Tanks',
  '/bots': 'My bots',
  '/practice': 'Practice',
  '/tournaments': 'Tournaments',
  '/tournaments/new': 'Organise a tournament',
  '/leaderboard': 'Leaderboard',
  '/play': 'Play',
  '/challenges': 'Challenges',
};

/** `/battles/<id>` → id (and the same for bots); null for any other path. */
function param(path: string, prefix: string): string | null {
  if (!path.startsWith(prefix)) return null;
  const id = decodeURIComponent(path.slice(prefix.length));
  return id && !id.includes('/') ? id : null;
}

function titleOf(path: string): string {
  if (param(path, '/battles/')) return 'Battle';
  if (param(path, '/bots/')) return 'Bot';
  if (TITLES[path]) return TITLES[path];
  if (param(path, '/tournaments/')) return 'Tournament';
  if (param(path, '/series/')) return 'Series';
  if (param(path, '/users/')) return 'Player';
  if (param(path, '/rooms/')) return 'Room';
  if (param(path, '/challenges/')) return 'Challenge';
  return 'Not found';
}

export function App() {
  const session = useSession();
  const path = usePath();
  const { status, user } = session;

  // Visitors see the landing page or log in (and come back to the page they asked for); signed-in
  // people never see the forms. The page a signed-in person is on is remembered for a forced re-login.
  useEffect(() => {
    if (status === 'anonymous' && !PUBLIC_PATHS.has(path)) {
      rememberPage(path);
      navigate('/login');
    }
    if (status === 'signed-in') {
      if (AUTH_FORMS.has(path)) navigate(takeReturnPage());
      else rememberPage(path);
    }
  }, [status, path]);

  useEffect(() => {
    document.title = `${titleOf(path)} · Garrison`;
  }, [path]);

  const logout = () => {
    forgetPage(); // an explicit logout starts the next login at home
    void session.logout();
  };

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
        {path === '/register' ? <RegisterPage /> : path === '/' ? <LandingPage /> : <LoginPage />}
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
  const battleId = param(path, '/battles/');
  if (battleId) return <Lazy>{<BattlePage key={battleId} user={user} battleId={battleId} />}</Lazy>;
  const botId = param(path, '/bots/');
  if (botId) return <Lazy>{<BotPage key={botId} user={user} botId={botId} />}</Lazy>;
  const competitive = competitionScreen(path, user);
  if (competitive) return competitive;
  switch (path) {
    case '/':
    case '/login':
    case '/register':
      return <HomePage user={user} />;
    case '/profile':
      return <ProfilePage key={user.id} user={user} />;
    case '/settings/notifications':
      return <NotificationSettingsPage key={user.id} />;
    case '/mailbox':
      return <MailboxPage key={user.id} />;
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
    case '/tanks':
      return <TanksPage key={user.id} user={user} />;
    case '/bots':
      return <BotsPage key={user.id} user={user} />;
    case '/practice':
      return <PracticePage key={user.id} user={user} />;
    default:
      return <NotFoundPage reason="missing" />;
  }
}

/** Tournaments, ratings and matchmaking screens; null when the path is none of theirs. */
function competitionScreen(path: string, user: User) {
  if (path === '/tournaments') return <TournamentsPage key={user.id} />;
  if (path === '/tournaments/new') return <NewTournamentPage key={user.id} />;
  if (path === '/leaderboard') return <LeaderboardPage key={user.id} user={user} />;
  if (path === '/play') return <PlayPage key={user.id} user={user} />;
  if (path === '/challenges') return <ChallengesPage key={user.id} user={user} />;
  const tournamentId = param(path, '/tournaments/');
  if (tournamentId) return <TournamentPage key={tournamentId} user={user} tournamentId={tournamentId} />;
  const seriesId = param(path, '/series/');
  if (seriesId) return <SeriesPage key={seriesId} seriesId={seriesId} />;
  const userId = param(path, '/users/');
  if (userId) return <UserPage key={userId} user={user} userId={userId} />;
  const roomId = param(path, '/rooms/');
  if (roomId) return <RoomPage key={roomId} user={user} roomId={roomId} />;
  const challengeId = param(path, '/challenges/');
  if (challengeId) return <ChallengesPage key={challengeId} user={user} focus={challengeId} />;
  return null;
}

function Lazy({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <main className="page">
          <p className="muted">Loading…</p>
        </main>
      }
    >
      {children}
    </Suspense>
  );
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
