import { ROLES } from '../api/types';

/** Adds or removes a role, keeping the canonical order so the request and the screen stay stable. */
export function toggleRole(roles: readonly string[], role: string): string[] {
  const next = roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role];
  const rank = (r: string) => {
    const index = (ROLES as readonly string[]).indexOf(r);
    return index === -1 ? ROLES.length : index;
  };
  return next.sort((a, b) => rank(a) - rank(b));
}

export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}
