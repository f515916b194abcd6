import { ADMIN_LOGIN, validateRegistration, type Registration } from '../domain/credentials.js';
import { AuthError, invalidInput, loginTaken } from '../domain/errors.js';
import { projectUser, snapshotChange } from './project-user.js';
import { DirectoryError, type AuthDeps, type UserSnapshot } from './ports.js';

export interface Registered {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
}

/**
 * Creates the profile in users (gRPC CreateUser), then stores the credential and the projection row.
 * If users cannot be reached nothing is stored anywhere.
 */
export async function register(deps: AuthDeps, input: Registration): Promise<Registered> {
  const { login, password, displayName } = validateRegistration(input);
  if (login === ADMIN_LOGIN) throw loginTaken(login);
  if (await deps.transactions.run((store) => store.credentialByLogin(login))) throw loginTaken(login);

  // Hash before creating the profile: the slow step must not widen the gap between the two writes.
  const passwordHash = await deps.hasher.hash(password);
  const user = await createProfile(deps, { login, displayName });

  const stored = await deps.transactions.run(async (store) => {
    if (!(await store.insertCredential({ userId: user.id, login, passwordHash }))) return false;
    await projectUser(store, snapshotChange(user, user.createdAt), deps.now());
    return true;
  });
  if (!stored) throw loginTaken(login);
  return { id: user.id, login: user.login, displayName: user.displayName, roles: user.roles };
}

async function createProfile(
  deps: AuthDeps,
  input: { login: string; displayName: string },
): Promise<UserSnapshot> {
  try {
    return await deps.directory.createUser({ ...input, roles: [] });
  } catch (err) {
    if (!(err instanceof DirectoryError)) throw err;
    if (err.code === 'login-taken') throw loginTaken(input.login);
    if (err.code === 'invalid') throw invalidInput('body', err.message);
    if (err.code === 'failed') throw err; // an unexpected fault: the kit answers 500 and logs it
    throw new AuthError(
      'users-unavailable',
      'Registration is unavailable right now; please try again shortly',
    );
  }
}
