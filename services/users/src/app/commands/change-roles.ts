import { userNotFound } from '../../domain/errors.js';
import { assertNotSelfDemotion } from '../../domain/role-rules.js';
import { sameRoles } from '../../domain/roles.js';
import { validateRoles, type User } from '../../domain/user.js';
import { userRolesChanged } from '../events.js';
import type { UsersDeps } from '../ports.js';

/** Replaces a user's roles (admin only — checked by the caller). Unknown roles store nothing. */
export async function changeRoles(
  deps: UsersDeps,
  actorId: string,
  id: string,
  requested: readonly string[],
): Promise<User> {
  const roles = validateRoles(requested);
  assertNotSelfDemotion(actorId, id, roles);
  return deps.transactions.run(async (users, events) => {
    const current = await users.lockById(id);
    if (!current) throw userNotFound(id);
    if (sameRoles(current.roles, roles)) return current;
    const next: User = { ...current, roles };
    await users.save(next);
    await events.publish(userRolesChanged(next, current.roles));
    return next;
  });
}
