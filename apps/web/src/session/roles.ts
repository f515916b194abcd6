import type { User } from '../api/types';

export function hasRole(user: User | null, role: string): boolean {
  return user?.roles.includes(role) ?? false;
}
