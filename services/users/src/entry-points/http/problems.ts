import { problem } from '@garrison/kit';
import { UsersError } from '../../domain/errors.js';

/** Runs a use case and turns its domain failures into problem+json answers. */
export async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof UsersError)) throw err;
    switch (err.code) {
      case 'invalid-input':
        throw problem(400, 'Invalid input', err.message, {
          errors: [{ path: `body/${err.field ?? ''}`, message: err.message }],
        });
      case 'not-found':
        throw problem(404, 'User not found', err.message);
      case 'login-taken':
        throw problem(409, 'Login already taken', err.message);
      case 'forbidden-self-change':
        throw problem(409, 'Not allowed on your own account', err.message);
    }
  }
}
