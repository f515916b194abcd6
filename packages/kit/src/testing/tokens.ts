import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { identityHeadersOf } from '../http/identity.js';

/** Gateway identity headers, as a request that passed the gateway carries them. */
export function identityHeaders(userId: string, roles: string[] = []): Record<string, string> {
  return identityHeadersOf({ userId, roles });
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
