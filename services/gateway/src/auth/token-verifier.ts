import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** The identity a valid access token proves. */
export interface VerifiedIdentity {
  userId: string;
  login?: string;
  roles: string[];
}

export type VerifyResult = { ok: true; identity: VerifiedIdentity } | { ok: false; reason: string };

export interface TokenVerifierOptions {
  /** Where the auth service's JWKS lives right now (resolved through discovery on each cache miss). */
  jwksUrl: () => Promise<string>;
  issuer: string;
  audience: string;
  /** How long fetched keys are trusted before they are fetched again. */
  cacheMaxAgeMs: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<VerifyResult>;
}

const ROLE = /^[a-z][a-z0-9_-]*$/;

/**
 * Verifies EdDSA/RS256 access tokens against the auth service's JWKS. jose caches the key set per URL
 * and refetches on an unknown `kid` (key rotation) with a cool-down, so a flood of forged kids cannot
 * turn into a flood of JWKS requests.
 */
export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keySetAt = (url: string): JWTVerifyGetKey => {
    let set = keySets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), { cacheMaxAge: opts.cacheMaxAgeMs, cooldownDuration: 5_000 });
      keySets.set(url, set);
    }
    return set;
  };
  const getKey: JWTVerifyGetKey = async (header, token) => keySetAt(await opts.jwksUrl())(header, token);

  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: opts.issuer,
          audience: opts.audience,
          algorithms: ['EdDSA', 'RS256'],
          requiredClaims: ['sub', 'exp'],
        });
        const roles = Array.isArray(payload.roles)
          ? payload.roles.filter((r): r is string => typeof r === 'string')
          : [];
        // Roles travel in a comma-separated header: refuse anything that could smuggle a separator.
        if (!payload.sub || roles.some((r) => !ROLE.test(r)))
          return { ok: false, reason: 'malformed claims' };
        const login = typeof payload.login === 'string' ? payload.login : undefined;
        return { ok: true, identity: { userId: payload.sub, roles, ...(login ? { login } : {}) } };
      } catch (err) {
        return { ok: false, reason: describeFailure(err) };
      }
    },
  };
}

function describeFailure(err: unknown): string {
  // The key set could not be fetched: that is the auth service's problem, not the caller's.
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) throw err;
  if (err instanceof errors.JWTExpired) return 'the access token has expired';
  if (err instanceof errors.JWTClaimValidationFailed)
    return `the access token is not valid here (${err.claim})`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is invalid';
  if (err instanceof errors.JWKSNoMatchingKey) return 'the access token was signed by an unknown key';
  if (err instanceof errors.JOSEError) return 'the access token is malformed';
  throw err; // not a token problem (e.g. the auth service is unreachable): let the caller answer 503
}

/** The bearer token of a request: `Authorization: Bearer …`, or `?access_token=` for browser WebSockets. */
export function bearerTokenOf(
  headers: Record<string, string | string[] | undefined>,
  url: string,
  allowQuery: boolean,
) {
  const auth = headers.authorization;
  const value = Array.isArray(auth) ? auth[0] : auth;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  if (match?.[1]) return match[1];
  if (!allowQuery) return undefined;
  const query = url.split('?', 2)[1];
  return query ? (new URLSearchParams(query).get('access_token') ?? undefined) : undefined;
}
