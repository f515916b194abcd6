import { applyUserChange, type UserChange } from '../domain/known-user.js';
import type { AuthStore, UserSnapshot } from './ports.js';

/** Applies a change to auth's projection of users; stale or repeated changes leave it as is. */
export async function projectUser(store: AuthStore, change: UserChange, at: Date): Promise<void> {
  const current = await store.lockKnownUser(change.id);
  const next = applyUserChange(current, change);
  if (!next) return;
  await store.saveKnownUser(next);
  // A deactivated account loses its sessions at once, not when its refresh tokens expire, and its
  // access tokens are refused by every service from now (ADR 153).
  const deactivated = current?.active !== false && !next.active;
  if (deactivated) await store.revokeFamiliesOf(next.id, at, 'deactivated');
  // A removed role must not live on in tokens issued before auth learned of it. Added roles need no
  // revocation: the next refresh carries them.
  const lostRole = current !== undefined && current.roles.some((r) => !next.roles.includes(r));
  // Tokens carry `iat` in whole seconds. A deactivated account gets no new token, so every token up
  // to the end of this second goes; after a lost role, a token issued in this same second may already
  // carry the new roles and is kept.
  if (current && deactivated)
    await store.revokeAccessTokens(next.id, new Date(Math.ceil(at.getTime() / 1000) * 1000));
  else if (current && lostRole) await store.revokeAccessTokens(next.id, at);
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
