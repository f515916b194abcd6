// Shapes of the gateway's public REST API (SPEC section 2) as the web app uses them.

export const ROLES = ['admin', 'manager', 'accountant', 'worker', 'player'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
  createdAt: string;
  active?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What login and refresh answer the web app: the refresh token is in the HttpOnly cookie, not here. */
export interface AccessGrant {
  accessToken: string;
  expiresIn: number;
}

export interface AppNotification {
  id: string;
  type: string;
  title: string;
  body: string;
  data: unknown;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: AppNotification[];
  unread: number;
}
