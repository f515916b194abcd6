import type { User } from '../api/types';

export function hasRole(user: User | null, role: string): boolean {
  return user?.roles.includes(role) ?? false;
}

export function hasAnyRole(user: User | null, ...roles: string[]): boolean {
  return roles.some((role) => hasRole(user, role));
}

/** Who may use each aTES screen (the services check again; this only keeps the nav honest). */
export const ATES_ACCESS = {
  allTasks: ['manager', 'admin'],
  accounting: ['admin', 'accountant'],
  closeDay: ['admin'],
  analytics: ['admin'],
} as const;
