import type { Logger } from 'pino';
import type { BaseConfig } from '../config/base-config.js';
import type { Discovery } from '../discovery/discovery.js';
import { createAccessTokenVerifier } from '../identity/access-tokens.js';
import { IdentityGuard } from '../identity/guard.js';
import { RevocationList } from '../identity/revocations.js';

/**
 * `path` on a healthy auth instance, through discovery; auth itself asks its own port (`self`, known
 * once it listens); undefined while none is known.
 */
export async function authUrl(
  discovery: Discovery,
  path: string,
  self?: () => string | undefined,
): Promise<string | undefined> {
  const own = self?.();
  if (own) return `${own}${path}`;
  const auth = (await discovery.resolve('auth')).find((i) => i.healthy && i.http);
  return auth ? `${auth.http!.replace(/\/+$/, '')}${path}` : undefined;
}

/** The access-token check every service makes (ADR 152): auth's JWKS, plus any keys trusted by config. */
export function createIdentityGuard(
  config: BaseConfig,
  discovery: Discovery,
  log: Logger,
  self?: () => string | undefined,
): IdentityGuard {
  const verifier = createAccessTokenVerifier({
    jwksUrl: () => authUrl(discovery, '/api/auth/jwks', self),
    trustedKeys: config.trustedJwks,
    issuer: config.tokenIssuer,
    audience: config.tokenAudience,
  });
  return new IdentityGuard(verifier, new RevocationList(), log);
}
