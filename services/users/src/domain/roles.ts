// The closed set of roles (SPEC 2, users). Order here is the canonical order roles are stored and shown in.
export const ROLES = ['admin', 'manager', 'accountant', 'worker', 'player'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export type RolesParse = { ok: true; roles: Role[] } | { ok: false; unknown: string[] };

/** Validates a role list: unknown names are reported (all of them), duplicates collapse, order is canonical. */
export function parseRoles(values: readonly string[]): RolesParse {
  const unknown = values.filter((value) => !isRole(value));
  if (unknown.length > 0) return { ok: false, unknown: [...new Set(unknown)] };
  return { ok: true, roles: ROLES.filter((role) => values.includes(role)) };
}

export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
