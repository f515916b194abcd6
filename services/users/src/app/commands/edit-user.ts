import { assertNotSelfDeactivation } from '../../domain/role-rules.js';
import type { User } from '../../domain/user.js';
import type { UsersDeps } from '../ports.js';
import { updateUser, type UserPatch } from './update-user.js';

/** An admin's edit of any account; deactivating one's own account is refused. */
export async function editUser(
  deps: UsersDeps,
  actorId: string,
  id: string,
  patch: UserPatch,
): Promise<User> {
  if (patch.active === false) assertNotSelfDeactivation(actorId, id);
  return updateUser(deps, id, patch);
}

/** Soft delete: the account stays (ids in other services keep resolving) but can no longer sign in. */
export async function deactivateUser(deps: UsersDeps, actorId: string, id: string): Promise<User> {
  return editUser(deps, actorId, id, { active: false });
}
