import { normalizeLogin } from '../domain/credentials.js';
import { AuthError, invalidCredentials } from '../domain/errors.js';
import { throttleVerdict } from '../domain/throttle.js';
import { accountOf } from './accounts.js';
import type { AuthDeps } from './ports.js';
import { issueSession, type Session } from './sessions.js';

export async function login(deps: AuthDeps, input: { login: string; password: string }): Promise<Session> {
  const loginName = normalizeLogin(input.login);
  const now = deps.now();
  const since = new Date(now.getTime() - deps.policy.failureWindowMs);
  const { failures, credential } = await deps.transactions.run(async (store) => ({
    failures: await store.failuresSince(loginName, since),
    credential: await store.credentialByLogin(loginName),
  }));

  // Throttled logins are refused before the password is even looked at, right or wrong.
  const verdict = throttleVerdict(failures, now, {
    maxFailures: deps.policy.maxFailures,
    windowMs: deps.policy.failureWindowMs,
  });
  if (!verdict.allowed) {
    throw new AuthError('throttled', 'Too many failed logins; try again later', {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }

  // Unknown login and wrong password take the same time and give the same answer.
  const passwordMatches = await deps.hasher.verify(credential?.passwordHash, input.password);
  if (!credential || !passwordMatches) {
    await deps.transactions.run((store) => store.recordFailure(loginName, now));
    throw invalidCredentials();
  }

  const user = await accountOf(deps, credential.userId);
  if (!user) throw invalidCredentials();
  if (!user.active) throw new AuthError('account-deactivated', 'This account has been deactivated');

  return deps.transactions.run(async (store) => {
    await store.clearFailures(loginName);
    return issueSession(deps, store, user);
  });
}
