// Domain failures of auth. Entry points translate them to problem+json.
export type AuthErrorCode =
  | 'invalid-input'
  | 'login-taken'
  | 'invalid-credentials'
  | 'throttled'
  | 'account-deactivated'
  | 'invalid-refresh-token'
  | 'users-unavailable'
  | 'busy'
  | 'user-not-found';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number; reason?: string } = {},
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export const invalidInput = (field: string, message: string) =>
  new AuthError('invalid-input', `${field}: ${message}`, { field });
export const loginTaken = (login: string) =>
  new AuthError('login-taken', `The login "${login}" is already registered`);
// One message for an unknown login and a wrong password, so the answer does not reveal which logins exist.
export const invalidCredentials = () => new AuthError('invalid-credentials', 'Wrong login or password');
/** `reason` is for metrics and logs only; the caller always gets the same answer. */
export const invalidRefreshToken = (
  reason: 'unknown' | 'revoked' | 'expired' | 'reuse-detected' | 'deactivated',
) => new AuthError('invalid-refresh-token', 'The refresh token is invalid, expired or revoked', { reason });
