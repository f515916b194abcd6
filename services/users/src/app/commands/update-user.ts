import { userNotFound } from '../../domain/errors.js';
import { validateDisplayName, type User } from '../../domain/user.js';
import { userDeactivated, userUpdated } from '../events.js';
import type { UsersDeps } from '../ports.js';

export interface UserPatch {
  displayName?: string;
  /** Admin only: false deactivates, true reactivates. */
  active?: boolean;
}

/** Applies a profile change and publishes what changed (user.updated, user.deactivated); no change, no event. */
export async function updateUser(deps: UsersDeps, id: string, patch: UserPatch): Promise<User> {
  const displayName = patch.displayName === undefined ? undefined : validateDisplayName(patch.displayName);
  return deps.transactions.run(async (users, events) => {
    const current = await users.lockById(id);
    if (!current) throw userNotFound(id);
    const next: User = {
      ...current,
      displayName: displayName ?? current.displayName,
      active: patch.active ?? current.active,
    };
    if (next.displayName === current.displayName && next.active === current.active) return current;
    await users.save(next);
    // A deactivation alone is told by user.deactivated; user.updated reports profile changes and reactivation.
    const deactivated = current.active && !next.active;
    if (next.displayName !== current.displayName || (!deactivated && next.active !== current.active)) {
      await events.publish(userUpdated(next));
    }
    if (deactivated) await events.publish(userDeactivated(next));
    return next;
  });
}
