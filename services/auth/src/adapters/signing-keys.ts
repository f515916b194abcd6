import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { randomUUID } from 'node:crypto';
import { sql, withTransaction, type Kysely } from '@garrison/kit';
import type { AccessTokenIssuer } from '../app/ports.js';
import type { AuthDatabase } from './database.js';

export const TOKEN_ISSUER = 'garrison';
export const TOKEN_AUDIENCE = 'garrison';
const ALG = 'EdDSA';

interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * The Ed25519 key that signs access tokens. Generated on the first start and kept in the auth database,
 * so tokens stay valid across restarts and every auth instance signs with the same key.
 */
export class SigningKeys {
  private active: Promise<ActiveKey> | undefined;

  constructor(private readonly db: Kysely<AuthDatabase>) {}

  /** The signing key, created once if the database has none. */
  current(): Promise<ActiveKey> {
    this.active ??= this.loadOrCreate().catch((err: unknown) => {
      this.active = undefined; // a database hiccup must not poison every later request
      throw err;
    });
    return this.active;
  }

  /** Public keys of every key not retired, as GET /api/auth/jwks serves them. */
  async jwks(): Promise<JSONWebKeySet> {
    await this.current();
    const rows = await this.db
      .selectFrom('signing_keys')
      .select('public_jwk')
      .where('retired_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return { keys: rows.map((r) => r.public_jwk as JWK) };
  }

  private async loadOrCreate(): Promise<ActiveKey> {
    const row = await withTransaction(this.db, async (tx) => {
      // Instances starting together must agree on one key: the first creates it under this lock.
      await sql`select pg_advisory_xact_lock(hashtext('auth.signing_keys'))`.execute(tx);
      const existing = await tx
        .selectFrom('signing_keys')
        .select(['kid', 'private_jwk'])
        .where('retired_at', 'is', null)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (existing) return existing;
      const created = await generateKey();
      await tx
        .insertInto('signing_keys')
        .values({
          kid: created.kid,
          algorithm: ALG,
          private_jwk: JSON.stringify(created.privateJwk),
          public_jwk: JSON.stringify(created.publicJwk),
          retired_at: null,
        })
        .execute();
      return { kid: created.kid, private_jwk: created.privateJwk };
    });
    return { kid: row.kid, privateKey: (await importJWK(row.private_jwk as JWK, ALG)) as CryptoKey };
  }
}

async function generateKey() {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
    publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' },
  };
}

/** Access tokens per SHARED-DECISIONS: EdDSA JWT, kid, sub/login/roles, iss/aud "garrison". */
export function jwtIssuer(keys: SigningKeys, ttlSeconds: number): AccessTokenIssuer {
  return {
    async issue(user) {
      const key = await keys.current();
      const token = await new SignJWT({ login: user.login, roles: user.roles })
        .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setJti(randomUUID())
        .sign(key.privateKey);
      return { token, expiresInSeconds: ttlSeconds };
    },
  };
}
