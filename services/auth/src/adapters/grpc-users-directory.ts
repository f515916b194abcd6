import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, type Client } from '@garrison/kit';
import type { User, UsersService } from '@garrison/contracts/gen/garrison/users/v1/users_pb';
import { DirectoryError, type UserSnapshot, type UsersDirectory } from '../app/ports.js';

const toSnapshot = (user: User): UserSnapshot => ({
  id: user.id,
  login: user.login,
  displayName: user.displayName,
  roles: [...user.roles],
  active: user.active,
  createdAt: user.createdAt ? timestampDate(user.createdAt) : new Date(),
});

// Only these say "users cannot answer now" (down, unreachable, circuit open, out of time): a 503 with
// Retry-After is honest for them. Any other failure is a fault inside users, reported as 500 — never
// dressed up as an outage (issue 10 item 2, ADR 150).
const UNREACHABLE = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.Canceled, Code.ResourceExhausted]);

function translate(err: unknown): DirectoryError {
  const error = ConnectError.from(err);
  if (error.code === Code.AlreadyExists) return new DirectoryError('login-taken', error.rawMessage);
  if (error.code === Code.InvalidArgument) return new DirectoryError('invalid', error.rawMessage);
  if (UNREACHABLE.has(error.code)) return new DirectoryError('unavailable', `users: ${error.message}`);
  return new DirectoryError('failed', `users failed: ${error.message}`);
}

export function grpcUsersDirectory(client: Client<typeof UsersService>): UsersDirectory {
  return {
    async createUser(input) {
      try {
        return toSnapshot(await client.createUser(input));
      } catch (err) {
        throw translate(err);
      }
    },
    async getUser(id) {
      try {
        return toSnapshot(await client.getUser({ id }));
      } catch (err) {
        if (ConnectError.from(err).code === Code.NotFound) return undefined;
        throw translate(err);
      }
    },
    async findByLogin(login) {
      try {
        return toSnapshot(await client.findUserByLogin({ login }));
      } catch (err) {
        if (ConnectError.from(err).code === Code.NotFound) return undefined;
        throw translate(err);
      }
    },
  };
}
