// One typed function per gateway endpoint the app uses (paths and shapes: SPEC section 2).
import type { ApiClient } from './client';
import type { AppNotification, NotificationList, Page, TokenPair, User } from './types';

export function createApi(client: ApiClient) {
  return {
    auth: {
      register: (input: { login: string; password: string; displayName: string }) =>
        client.post<User>('/api/auth/register', input, { anonymous: true }),
      login: (input: { login: string; password: string }) =>
        client.post<TokenPair>('/api/auth/login', input, { anonymous: true }),
      // Open like login: ending a session must work even when the access token has expired.
      logout: (refreshToken: string) =>
        client.post<void>('/api/auth/logout', { refreshToken }, { anonymous: true }),
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
  };
}

export type Api = ReturnType<typeof createApi>;
