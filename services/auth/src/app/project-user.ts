import { applyUserChange, type UserChange } from '../domain/known-user.js';
import type { AuthStore, UserSnapshot } from './ports.js';

/** Applies a change to auth's projection of users; stale or repeated changes leave it as is. */
export async function projectUser(store: AuthStore, change: UserChange, at: Date): Promise<void> {
  const current = await store.lockKnownUser(change.id);
  const next = applyUserChange(current, change);
  if (!next) return;
  await store.saveKnownUser(next);
  // A deactivated account loses its sessions at once, not when its refresh tokens expire.
  if (current?.active !== false && !next.active) await store.revokeFamiliesOf(next.id, at, 'deactivated');
}

/** The change a full profile (CreateUser/GetUser answer, user.created) stands for. */
export function snapshotChange(user: UserSnapshot, at: Date): UserChange {
  return {
    id: user.id,
    login: user.login,
    at,
    profile: { displayName: user.displayName, active: user.active },
    roles: user.roles,
  };
}
