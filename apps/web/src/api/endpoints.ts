// One typed function per gateway endpoint the app uses (paths and shapes: SPEC section 2).
import type { ApiClient } from './client';
import type {
  AccountBalance,
  AnalyticsSummary,
  DayClosed,
  DaySummary,
  ExpensivePeriod,
  NewTask,
  Pending,
  PeriodKind,
  Statement,
  Task,
  TaskPage,
} from './ates-types';
import type { Battle, Bot, BotLanguage, BotVersion, NewBattle, UploadedVersion } from './tanks-types';
import type { AccessGrant, AppNotification, NotificationList, Page, User } from './types';

/** `?a=1&b=2` from the defined values only; empty string when there are none. */
function query(values: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function createApi(client: ApiClient) {
  return {
    auth: {
      register: (input: { login: string; password: string; displayName: string }) =>
        client.post<User>('/api/auth/register', input, { anonymous: true }),
      login: (input: { login: string; password: string }) =>
        client.post<AccessGrant>('/api/auth/login', input, { anonymous: true }),
      // Open like login: ending a session must work even when the access token has expired. The
      // refresh cookie says which session; auth revokes it and clears the cookie.
      logout: () => client.post<void>('/api/auth/logout', {}, { anonymous: true }),
    },
    users: {
      me: () => client.get<User>('/api/users/me'),
      updateMe: (changes: { displayName: string }) => client.patch<User>('/api/users/me', changes),
      search: (query: string, cursor: string | null, limit = 20) => {
        const params = new URLSearchParams({ limit: String(limit) });
        if (query.trim()) params.set('query', query.trim());
        if (cursor) params.set('cursor', cursor);
        return client.get<Page<User>>(`/api/users?${params.toString()}`);
      },
      setRoles: (id: string, roles: string[]) =>
        client.put<User>(`/api/users/${encodeURIComponent(id)}/roles`, { roles }),
    },
    notifications: {
      list: () => client.get<NotificationList>('/api/notifications'),
      markRead: (id: string) =>
        client.post<AppNotification | undefined>(`/api/notifications/${encodeURIComponent(id)}/read`),
      readAll: () => client.post<unknown>('/api/notifications/read-all'),
    },
    tasks: {
      create: (input: NewTask) => client.post<Task>('/api/tasks', input),
      mine: (cursor: string | null = null) => client.get<TaskPage>(`/api/tasks/mine${query({ cursor })}`),
      all: (cursor: string | null = null) => client.get<TaskPage>(`/api/tasks${query({ cursor })}`),
      /** Open tasks only, in the biggest pages the tracker gives (to count them). */
      open: (cursor: string | null = null) =>
        client.get<TaskPage>(`/api/tasks${query({ status: 'open', limit: '500', cursor })}`),
      complete: (id: string) => client.post<Task>(`/api/tasks/${encodeURIComponent(id)}/complete`),
      shuffle: () => client.post<{ reassigned: number }>('/api/tasks/shuffle'),
    },
    accounting: {
      /** Own balance and the audit log of `day` (today in the accounting zone when omitted). */
      me: (day?: string) => client.get<Statement>(`/api/accounting/me${query({ day })}`),
      accounts: () => client.get<{ items: AccountBalance[] } & Pending>('/api/accounting/accounts'),
      summary: (day?: string) => client.get<DaySummary & Pending>(`/api/accounting/summary${query({ day })}`),
      days: (from: string, to: string) =>
        client.get<{ items: DaySummary[] } & Pending>(`/api/accounting/days${query({ from, to })}`),
      closeDay: (day: string) =>
        client.post<DayClosed>(`/api/accounting/days/${encodeURIComponent(day)}/close`),
    },
    bots: {
      mine: (ownerId: string) => client.get<{ items: Bot[] }>(`/api/bots${query({ owner: ownerId })}`),
      create: (name: string) => client.post<Bot>('/api/bots', { name }),
      versions: (botId: string) =>
        client.get<{ items: BotVersion[] }>(`/api/bots/${encodeURIComponent(botId)}/versions`),
      upload: (botId: string, source: string, language: BotLanguage) =>
        client.post<UploadedVersion>(`/api/bots/${encodeURIComponent(botId)}/versions`, { source, language }),
      /** One version with its source (owner only). */
      version: (botId: string, version: number) =>
        client.get<BotVersion & { source: string; language: BotLanguage }>(
          `/api/bots/${encodeURIComponent(botId)}/versions/${version}`,
        ),
      activate: (botId: string, version: number) =>
        client.post<unknown>(`/api/bots/${encodeURIComponent(botId)}/versions/${version}/activate`),
    },
    battles: {
      create: (input: NewBattle) => client.post<{ id: string; status: string }>('/api/battles', input),
      get: (id: string) => client.get<Battle>(`/api/battles/${encodeURIComponent(id)}`),
      ofUser: (userId: string, cursor: string | null = null) =>
        client.get<Page<Battle>>(`/api/battles${query({ user: userId, cursor })}`),
      /** JSON lines of the engine's replay format, possibly gzip: see `tanks/replay-bytes.ts`. */
      replay: (id: string) => client.getBytes(`/api/battles/${encodeURIComponent(id)}/replay`),
    },
    analytics: {
      summary: (day?: string) => client.get<AnalyticsSummary>(`/api/analytics/summary${query({ day })}`),
      mostExpensive: (from: string, to: string, by: PeriodKind) =>
        client.get<{ periods: ExpensivePeriod[] } & Pending>(
          `/api/analytics/most-expensive${query({ from, to, by })}`,
        ),
    },
  };
}

export type Api = ReturnType<typeof createApi>;
