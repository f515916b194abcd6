import { invalidInput } from './errors.js';

// Registration rules (SPEC 2, auth). Logins are case-insensitive: they are trimmed and lower-cased first.
const LOGIN_PATTERN = /^[a-z0-9_.-]{3,32}$/;
export const PASSWORD_MIN = 8;
// An upper bound keeps a huge "password" from turning argon2 into a denial of service.
export const PASSWORD_MAX = 1024;
export const DISPLAY_NAME_MAX = 64;
/** Only the bootstrap creates this account; registration may never claim it. */
export const ADMIN_LOGIN = 'admin';

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

export function validatePassword(password: string): string {
  if (password.length < PASSWORD_MIN)
    throw invalidInput('password', `must be at least ${PASSWORD_MIN} characters`);
  if (password.length > PASSWORD_MAX)
    throw invalidInput('password', `must be at most ${PASSWORD_MAX} characters`);
  return password;
}

export function validateDisplayName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > DISPLAY_NAME_MAX) {
    throw invalidInput('displayName', `must be 1–${DISPLAY_NAME_MAX} characters (not only spaces)`);
  }
  return name;
}

export interface Registration {
  login: string;
  password: string;
  displayName: string;
}

/** Validates a registration; the first bad field is named in the error. */
export function validateRegistration(input: Registration): Registration {
  return {
    login: validateLogin(input.login),
    password: validatePassword(input.password),
    displayName: validateDisplayName(input.displayName),
  };
}
