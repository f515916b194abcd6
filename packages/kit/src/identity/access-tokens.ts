import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** What a valid access token proves. */
export interface TokenIdentity {
  userId: string;
  roles: string[];
  login?: string;
  /** `iat` and `exp`, unix seconds. */
  issuedAt: number;
  expiresAt: number;
}

export type TokenCheck = { ok: true; identity: TokenIdentity } | { ok: false; reason: string };

export interface AccessTokenVerifierOptions {
  /** Where auth's JWKS lives right now (resolved through discovery); undefined when auth is unknown. */
  jwksUrl: () => Promise<string | undefined>;
  /** Keys trusted besides auth's (tests, tools): matched by `kid` before auth is asked. */
  trustedKeys?: JSONWebKeySet;
  issuer: string;
  audience: string;
  /** How long fetched keys are trusted before they are fetched again. */
  cacheMaxAgeMs?: number;
  /** Verified tokens remembered until they expire (default 10,000; 0 turns the cache off). */
  verifiedTokenCacheSize?: number;
}

/** The key set could not be fetched: not the caller's fault, the answer is 503. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

const ROLE = /^[a-z][a-z0-9_-]*$/;

/**
 * Verifies EdDSA/RS256 access tokens against auth's JWKS — the same check the gateway makes, made
 * again by every service so a caller that reaches an internal port without the gateway proves who it
 * is (ADR 152). jose caches the key set per URL and refetches on an unknown `kid` with a cool-down.
 */
export function createAccessTokenVerifier(opts: AccessTokenVerifierOptions) {
  const trusted = opts.trustedKeys?.keys.length ? createLocalJWKSet(opts.trustedKeys) : undefined;
  const trustedKids = new Set((opts.trustedKeys?.keys ?? []).map((k) => k.kid));
  const remote = new Map<string, JWTVerifyGetKey>();
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (trusted && header.kid && trustedKids.has(header.kid)) return trusted(header, token);
    const url = await opts.jwksUrl();
    if (!url) throw new errors.JWKSNoMatchingKey();
    let set = remote.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), {
        cacheMaxAge: opts.cacheMaxAgeMs ?? 600_000,
        cooldownDuration: 5_000,
      });
      remote.set(url, set);
    }
    return set(header, token);
  };
  // A client sends the same token with every request of its life: one signature check per token.
  const verified = new VerifiedTokenCache<TokenIdentity>(opts.verifiedTokenCacheSize ?? 10_000);

  return {
    async verify(token: string): Promise<TokenCheck> {
      const known = verified.get(token);
      if (known) return { ok: true, identity: known };
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: opts.issuer,
          audience: opts.audience,
          algorithms: ['EdDSA', 'RS256'],
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        const roles = Array.isArray(payload.roles)
          ? payload.roles.filter((r): r is string => typeof r === 'string')
          : [];
        // Roles travel in a comma-separated header: refuse anything that could smuggle a separator.
        if (!payload.sub || roles.some((r) => !ROLE.test(r)))
          return { ok: false, reason: 'malformed claims' };
        const login = typeof payload.login === 'string' ? payload.login : undefined;
        const identity: TokenIdentity = {
          userId: payload.sub,
          roles,
          ...(login ? { login } : {}),
          issuedAt: payload.iat!,
          expiresAt: payload.exp!,
        };
        verified.set(token, identity, identity.expiresAt);
        return { ok: true, identity };
      } catch (err) {
        return { ok: false, reason: describeFailure(err) };
      }
    },
  };
}

export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;

function describeFailure(err: unknown): string {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid)
    throw new KeysUnavailableError('the auth key set cannot be fetched', { cause: err });
  if (err instanceof errors.JWTExpired) return 'the access token has expired';
  if (err instanceof errors.JWTClaimValidationFailed)
    return `the access token is not valid here (${err.claim})`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is invalid';
  if (err instanceof errors.JWKSNoMatchingKey) return 'the access token was signed by an unknown key';
  if (err instanceof errors.JOSEError) return 'the access token is malformed';
  // Not a token problem (auth unreachable: fetch failed): the caller answers 503.
  throw new KeysUnavailableError('the auth key set cannot be fetched', { cause: err });
}
