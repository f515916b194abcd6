import { generateKeyPairSync, randomUUID, sign as signBytes } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';

// One Ed25519 key per test process. startTestService makes every service it starts trust it
// (GARRISON_TRUSTED_JWKS), so tests that call a service directly prove the caller with a real
// signed token, exactly as the gateway's forwarded token does (ADR 152) — no header is believed.
const processKey = generateKeyPairSync('ed25519');
const PROCESS_KID = `garrison-test-${randomUUID().slice(0, 8)}`;

/** The JWKS of the process-wide test key (what `identityHeaders` tokens are signed with). */
export const testIdentityJwks: JSONWebKeySet = {
  keys: [{ ...processKey.publicKey.export({ format: 'jwk' }), kid: PROCESS_KID, alg: 'EdDSA', use: 'sig' }],
};

/** Environment that makes a service trust the process-wide test key (startTestService sets it). */
export const testIdentityEnv = { GARRISON_TRUSTED_JWKS: JSON.stringify(testIdentityJwks) };

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A real access token (EdDSA, iss/aud "garrison", 15 minutes) for `userId`, signed synchronously. */
export function testAccessToken(
  userId: string,
  roles: string[] = [],
  opts: { issuedAt?: number; expiresIn?: number } = {},
): string {
  const iat = opts.issuedAt ?? Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'EdDSA', kid: PROCESS_KID, typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      sub: userId,
      roles,
      iss: 'garrison',
      aud: 'garrison',
      iat,
      exp: iat + (opts.expiresIn ?? 900),
    }),
  );
  const signature = signBytes(null, Buffer.from(`${header}.${payload}`), processKey.privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** What a request that passed the gateway carries: the caller's access token, which the service verifies. */
export function identityHeaders(userId: string, roles: string[] = []): Record<string, string> {
  return { authorization: `Bearer ${testAccessToken(userId, roles)}` };
}

export interface TestTokens {
  kid: string;
  alg: 'EdDSA';
  /** `{ keys: [publicJwk] }`, as a JWKS endpoint serves it. */
  jwks: JSONWebKeySet;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Signs `claims` (e.g. `{sub, login, roles}`); expires in 15 minutes unless `expiresIn` says otherwise. */
  sign(
    claims: JWTPayload & Record<string, unknown>,
    opts?: { expiresIn?: string | number; issuer?: string; audience?: string },
  ): Promise<string>;
}

/** A real EdDSA (Ed25519) key pair and a signer: tests exercise real signature checks, never a bypass. */
export async function testTokens(): Promise<TestTokens> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = `test-${randomUUID().slice(0, 8)}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  return {
    kid,
    alg: 'EdDSA',
    jwks: { keys: [jwk] },
    privateKey,
    publicKey,
    async sign(claims, opts = {}) {
      let jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? '15m');
      if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
      if (opts.audience) jwt = jwt.setAudience(opts.audience);
      return jwt.sign(privateKey);
    },
  };
}
