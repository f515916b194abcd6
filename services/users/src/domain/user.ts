import { hasControlCharacter } from '@garrison/kit';
import { invalidInput } from './errors.js';
import { parseRoles, type Role } from './roles.js';

export interface User {
  id: string;
  login: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  createdAt: Date;
}

// Logins are case-insensitive identifiers: "Alice " and "alice" are the same account.
const LOGIN_PATTERN = /^[a-z0-9_.-]{3,32}$/;
export const DISPLAY_NAME_MAX = 64;

export function normalizeLogin(raw: string): string {
  return raw.trim().toLowerCase();
}

export function validateLogin(raw: string): string {
  const login = normalizeLogin(raw);
  if (!LOGIN_PATTERN.test(login)) {
    throw invalidInput('login', 'must be 3–32 characters of a-z, 0-9, "_", "." or "-"');
  }
  return login;
}

export function validateDisplayName(raw: string): string {
  const displayName = raw.trim();
  if (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX) {
    throw invalidInput('displayName', `must be 1–${DISPLAY_NAME_MAX} characters (not only spaces)`);
  }
  // gRPC callers bypass the HTTP check: PostgreSQL would refuse a NUL as an internal error.
  if (hasControlCharacter(displayName))
    throw invalidInput('displayName', 'must not contain control characters');
  return displayName;
}

export function validateRoles(values: readonly string[]): Role[] {
  const parsed = parseRoles(values);
  if (!parsed.ok) {
    throw invalidInput('roles', `unknown role(s) ${parsed.unknown.map((r) => `"${r}"`).join(', ')}`);
  }
  return parsed.roles;
}
