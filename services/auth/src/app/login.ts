import { normalizeLogin } from '../domain/credentials.js';
import { AuthError, invalidCredentials } from '../domain/errors.js';
import { retryAfterSeconds, type ThrottlePolicy } from '../domain/throttle.js';
import { accountOf } from './accounts.js';
import type { AuthDeps } from './ports.js';
import { issueSession, type Session } from './sessions.js';

function throttlePolicy(deps: AuthDeps): ThrottlePolicy {
  const p = deps.policy;
  return {
    maxFailures: p.maxFailures,
    windowMs: p.failureWindowMs,
    freeFailures: p.freeFailures,
    baseDelayMs: p.baseDelayMs,
    maxDelayMs: p.maxDelayMs,
  };
}

/** `client`: the caller's address (the gateway's X-Forwarded-For), the second half of the throttle key. */
export async function login(
  deps: AuthDeps,
  input: { login: string; password: string; client: string },
): Promise<Session> {
  const loginName = normalizeLogin(input.login);
  const now = deps.now();
  const policy = throttlePolicy(deps);

  // The attempt is counted before the password is looked at (one atomic statement, in a transaction
  // of its own so the row lock ends at once, ADR 151); a throttled one is refused without a look.
  const reserved = await deps.transactions.run((store) =>
    store.reserveLoginAttempt({
      login: loginName,
      client: input.client,
      now,
      windowMs: policy.windowMs,
      maxFailures: policy.maxFailures,
      delays: policy,
    }),
  );
  if (!reserved) {
    const state = await deps.transactions.run((store) => store.loginAttempt(loginName, input.client));
    throw new AuthError('throttled', 'Too many failed logins; try again later', {
      retryAfterSeconds: state ? retryAfterSeconds(state, now, policy) : 1,
    });
  }

  const credential = await deps.transactions.run((store) => store.credentialByLogin(loginName));
  // Unknown login and wrong password take the same time and give the same answer.
  const passwordMatches = await deps.hasher.verify(credential?.passwordHash, input.password);
  if (!credential || !passwordMatches) throw invalidCredentials();

  const user = await accountOf(deps, credential.userId);
  if (!user) throw invalidCredentials();
  if (!user.active) throw new AuthError('account-deactivated', 'This account has been deactivated');

  return deps.transactions.run(async (store) => {
    await store.clearLoginAttempts(loginName, input.client);
    return issueSession(deps, store, user);
  });
}
