// Domain failures. Entry points translate them to problem+json (HTTP) or status codes (gRPC).
export class UsersError extends Error {
  constructor(
    readonly code: 'invalid-input' | 'not-found' | 'login-taken' | 'forbidden-self-change',
    message: string,
    /** The input field at fault, for invalid-input. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UsersError';
  }
}

export const invalidInput = (field: string, message: string) =>
  new UsersError('invalid-input', `${field}: ${message}`, field);
export const userNotFound = (id: string) => new UsersError('not-found', `No user with id "${id}"`);
export const loginTaken = (login: string) =>
  new UsersError('login-taken', `The login "${login}" is already registered`);
