import { loginTaken } from '../../domain/errors.js';
import { validateDisplayName, validateLogin, validateRoles, type User } from '../../domain/user.js';
import { userCreated } from '../events.js';
import type { UsersDeps } from '../ports.js';

export interface CreateUserInput {
  login: string;
  displayName: string;
  /** Empty or absent → the configured default roles. */
  roles?: readonly string[];
}

export async function createUser(deps: UsersDeps, input: CreateUserInput): Promise<User> {
  const login = validateLogin(input.login);
  const displayName = validateDisplayName(input.displayName);
  const roles = input.roles && input.roles.length > 0 ? validateRoles(input.roles) : deps.defaultRoles;
  const user: User = { id: deps.newId(), login, displayName, roles, active: true, createdAt: deps.now() };
  return deps.transactions.run(async (users, events) => {
    if (!(await users.insert(user))) throw loginTaken(login);
    await events.publish(userCreated(user));
    return user;
  });
}
