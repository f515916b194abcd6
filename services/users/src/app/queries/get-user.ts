import { userNotFound } from '../../domain/errors.js';
import { isUserId } from '../../domain/ids.js';
import { normalizeLogin, type User } from '../../domain/user.js';
import type { UsersDeps } from '../ports.js';

export async function getUser(deps: UsersDeps, id: string): Promise<User> {
  const user = isUserId(id) ? await deps.users.byId(id) : undefined;
  if (!user) throw userNotFound(id);
  return user;
}

export async function findUserByLogin(deps: UsersDeps, login: string): Promise<User | undefined> {
  return deps.users.byLogin(normalizeLogin(login));
}

/** Known users among the ids; malformed and unknown ids are left out. */
export async function getUsers(deps: UsersDeps, ids: readonly string[]): Promise<User[]> {
  const valid = [...new Set(ids.filter(isUserId))];
  return valid.length === 0 ? [] : deps.users.byIds(valid);
}
