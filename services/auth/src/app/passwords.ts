import { validatePassword } from '../domain/credentials.js';
import { AuthError, invalidCredentials, invalidInput } from '../domain/errors.js';
import { accountOf } from './accounts.js';
import type { AuthDeps } from './ports.js';

/**
 * An admin sets a user's password — the way an account created through `POST /api/users` (which has
 * no credential yet) becomes able to log in, and the way a forgotten password is reset.
 * Every session of the user ends.
 */
export async function setPassword(deps: AuthDeps, userId: string, password: string): Promise<void> {
  const passwordHash = await deps.hasher.hash(validatePassword(password));
  const user = await accountOf(deps, userId);
  if (!user) throw new AuthError('user-not-found', `No user with id "${userId}"`);
  await deps.transactions.run(async (store) => {
    await store.saveCredential({ userId, login: user.login, passwordHash });
    await store.revokeFamiliesOf(userId, deps.now(), 'password-set');
  });
}

/** A user changes their own password, proving the current one. Every session of the user ends. */
export async function changeOwnPassword(
  deps: AuthDeps,
  userId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const credential = await deps.transactions.run((store) => store.credentialOf(userId));
  if (!credential || !(await deps.hasher.verify(credential.passwordHash, input.currentPassword))) {
    throw invalidCredentials();
  }
  if (input.newPassword === input.currentPassword) {
    throw invalidInput('newPassword', 'must differ from the current password');
  }
  const passwordHash = await deps.hasher.hash(validatePassword(input.newPassword));
  await deps.transactions.run(async (store) => {
    await store.saveCredential({ ...credential, passwordHash });
    await store.revokeFamiliesOf(userId, deps.now(), 'password-changed');
  });
}
