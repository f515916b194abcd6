import { problem } from '@garrison/kit';
import { AuthError } from '../../domain/errors.js';

/** The part of a Fastify reply needed here: problems that carry a Retry-After header. */
interface HeaderSink {
  header(name: string, value: string): unknown;
}

/** Runs a use case and turns its domain failures into problem+json answers. */
export async function answering<T>(reply: HeaderSink, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    switch (err.code) {
      case 'invalid-input':
        throw problem(400, 'Invalid input', err.message, {
          errors: [{ path: `body/${err.details.field ?? ''}`, message: err.message }],
        });
      case 'login-taken':
        throw problem(409, 'Login already taken', err.message);
      case 'invalid-credentials':
        throw problem(401, 'Invalid credentials', err.message);
      case 'invalid-refresh-token':
        throw problem(401, 'Invalid refresh token', err.message);
      case 'account-deactivated':
        throw problem(403, 'Account deactivated', err.message);
      case 'throttled':
        reply.header('retry-after', String(err.details.retryAfterSeconds ?? 60));
        throw problem(429, 'Too many failed logins', err.message);
      case 'user-not-found':
        throw problem(404, 'User not found', err.message);
      case 'busy':
        reply.header('retry-after', String(err.details.retryAfterSeconds ?? 1));
        throw problem(503, 'Service busy', err.message);
      case 'users-unavailable':
        reply.header('retry-after', '5');
        throw problem(503, 'Service unavailable', err.message);
    }
  }
}
