import { AuthError } from '../domain/errors.js';
import type { KnownUser } from '../domain/known-user.js';
import { projectUser, snapshotChange } from './project-user.js';
import { DirectoryError, type AuthDeps } from './ports.js';

/**
 * The account from auth's projection; when the projection has not seen it yet (events still on the
 * way), from users, and then projected. Undefined when users does not know it either.
 */
export async function accountOf(deps: AuthDeps, userId: string): Promise<KnownUser | undefined> {
  const known = await deps.transactions.run((store) => store.knownUser(userId));
  if (known) return known;
  let snapshot;
  try {
    snapshot = await deps.directory.getUser(userId);
  } catch (err) {
    if (err instanceof DirectoryError && err.code === 'unavailable') {
      throw new AuthError(
        'users-unavailable',
        'Accounts cannot be looked up right now; please try again shortly',
      );
    }
    throw err;
  }
  if (!snapshot) return undefined;
  const user = snapshot;
  return deps.transactions.run(async (store) => {
    await projectUser(store, snapshotChange(user, user.createdAt), deps.now());
    return store.knownUser(userId);
  });
}
