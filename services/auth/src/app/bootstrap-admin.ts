import { ADMIN_LOGIN, validatePassword } from '../domain/credentials.js';
import { projectUser, snapshotChange } from './project-user.js';
import { DirectoryError, type AuthDeps, type UserSnapshot } from './ports.js';

/**
 * Makes sure the bootstrap administrator can log in: login "admin", the given password, role admin.
 * Does nothing when a credential for "admin" exists (the password is never overwritten).
 * Throws DirectoryError('unavailable') while users cannot be reached; the caller retries.
 */
export async function bootstrapAdmin(deps: AuthDeps, password: string): Promise<'created' | 'exists'> {
  if (await deps.transactions.run((store) => store.credentialByLogin(ADMIN_LOGIN))) return 'exists';
  const passwordHash = await deps.hasher.hash(validatePassword(password));
  const admin = await adminProfile(deps);
  await deps.transactions.run(async (store) => {
    // Another instance may have won the race: its credential stands.
    await store.insertCredential({ userId: admin.id, login: ADMIN_LOGIN, passwordHash });
    await projectUser(store, snapshotChange(admin, admin.createdAt), deps.now());
  });
  return 'created';
}

async function adminProfile(deps: AuthDeps): Promise<UserSnapshot> {
  try {
    return await deps.directory.createUser({
      login: ADMIN_LOGIN,
      displayName: 'Administrator',
      roles: ['admin'],
    });
  } catch (err) {
    // The profile exists from an earlier, interrupted bootstrap: finish that one.
    if (!(err instanceof DirectoryError && err.code === 'login-taken')) throw err;
    const existing = await deps.directory.findByLogin(ADMIN_LOGIN);
    if (!existing) throw new DirectoryError('unavailable', 'the admin profile vanished while bootstrapping');
    return existing;
  }
}
