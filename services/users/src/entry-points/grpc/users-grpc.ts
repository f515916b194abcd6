import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, type ServiceImpl } from '@garrison/kit';
import { UsersService } from '@garrison/contracts/gen/garrison/users/v1/users_pb';
import { createUser } from '../../app/commands/create-user.js';
import { findUserByLogin, getUser, getUsers } from '../../app/queries/get-user.js';
import type { UsersDeps } from '../../app/ports.js';
import { UsersError } from '../../domain/errors.js';
import type { User } from '../../domain/user.js';

const CODES: Record<UsersError['code'], Code> = {
  'invalid-input': Code.InvalidArgument,
  'not-found': Code.NotFound,
  'login-taken': Code.AlreadyExists,
  'forbidden-self-change': Code.FailedPrecondition,
};

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UsersError) throw new ConnectError(err.message, CODES[err.code]);
    throw err;
  }
}

const toMessage = (user: User) => ({
  id: user.id,
  login: user.login,
  displayName: user.displayName,
  roles: user.roles,
  active: user.active,
  createdAt: timestampFromDate(user.createdAt),
});

/** Internal API for other services (auth's registration and bootstrap, profile look-ups). */
export function usersGrpc(deps: UsersDeps): ServiceImpl<typeof UsersService> {
  return {
    createUser: (req) =>
      answering(async () =>
        toMessage(
          await createUser(deps, { login: req.login, displayName: req.displayName, roles: req.roles }),
        ),
      ),
    getUser: (req) => answering(async () => toMessage(await getUser(deps, req.id))),
    getUsers: (req) => answering(async () => ({ users: (await getUsers(deps, req.ids)).map(toMessage) })),
    findUserByLogin: (req) =>
      answering(async () => {
        const user = await findUserByLogin(deps, req.login);
        if (!user) throw new ConnectError(`No user with login "${req.login}"`, Code.NotFound);
        return toMessage(user);
      }),
  };
}
