import { UsersError } from './errors.js';
import type { Role } from './roles.js';

// Only an admin changes roles or (de)activates accounts; the HTTP layer enforces the role, these rules
// keep an admin from locking the system out by accident.

/** An admin may not take the admin role away from their own account. */
export function assertNotSelfDemotion(actorId: string, targetId: string, newRoles: readonly Role[]): void {
  if (actorId === targetId && !newRoles.includes('admin')) {
    throw new UsersError(
      'forbidden-self-change',
      'An admin cannot remove the admin role from their own account',
    );
  }
}

/** An admin may not deactivate their own account. */
export function assertNotSelfDeactivation(actorId: string, targetId: string): void {
  if (actorId === targetId) {
    throw new UsersError('forbidden-self-change', 'An admin cannot deactivate their own account');
  }
}
