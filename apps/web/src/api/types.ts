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

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
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
