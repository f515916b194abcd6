import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { USER_ID_HEADER, USER_ROLES_HEADER, recordTokenFailure } from '../http/identity.js';
import {
  KeysUnavailableError,
  type AccessTokenVerifier,
  type TokenCheck,
  type TokenIdentity,
} from './access-tokens.js';
import type { RevocationList } from './revocations.js';

/** Set next to x-user-id from the verified token: when it expires (unix seconds); sockets end then. */
const TOKEN_EXPIRES_HEADER = 'x-user-token-expires';

/** Checks a bearer token: signature, issuer, audience, expiry (verifier), then the revocation list. */
export class IdentityGuard {
  constructor(
    readonly verifier: AccessTokenVerifier,
    readonly revocations: RevocationList,
    private readonly log: Logger,
  ) {}

  /** Throws KeysUnavailableError when the key set cannot be fetched. */
  async check(token: string): Promise<TokenCheck> {
    const result = await this.verifier.verify(token);
    if (!result.ok) return result;
    const { userId, issuedAt } = result.identity;
    if (this.revocations.isRevoked(userId, issuedAt))
      return { ok: false, reason: 'the access token was revoked (account deactivated or a role removed)' };
    return result;
  }

  /** The identity a token proves, or undefined (invalid, revoked, keys unavailable: logged). */
  async identityOf(token: string | undefined): Promise<TokenIdentity | undefined> {
    if (!token) return undefined;
    try {
      const result = await this.check(token);
      return result.ok ? result.identity : undefined;
    } catch (err) {
      if (!(err instanceof KeysUnavailableError)) throw err;
      this.log.warn({ err }, 'cannot verify an access token: the auth key set is unavailable');
      return undefined;
    }
  }
}

const verifiedTokens = new WeakMap<object, string>();

/** The access token this request proved its identity with (forwarded on outgoing gRPC calls). */
export function verifiedTokenOf(req: FastifyRequest): string | undefined {
  return verifiedTokens.get(req.raw);
}

/** `Authorization: Bearer …`, or `?access_token=` on a WebSocket upgrade (browsers cannot set headers there). */
export function bearerTokenOf(
  headers: Record<string, string | string[] | undefined>,
  url: string,
  allowQuery: boolean,
): string | undefined {
  const auth = headers.authorization;
  const value = Array.isArray(auth) ? auth[0] : auth;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  if (match?.[1]) return match[1];
  if (!allowQuery) return undefined;
  const query = url.split('?', 2)[1];
  return query ? (new URLSearchParams(query).get('access_token') ?? undefined) : undefined;
}

function isUpgrade(req: FastifyRequest): boolean {
  return String(req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/**
 * onRequest: identity headers from outside are never believed — every `x-user-*` header is removed,
 * then set again only from a token that verifies (ADR 152). A request without a valid token is
 * anonymous; routes that need a user answer 401 (503 when the keys could not be fetched).
 */
export function installIdentityGuard(app: FastifyInstance, guard: IdentityGuard): void {
  app.addHook('onRequest', async (req) => {
    for (const name of Object.keys(req.headers)) if (name.startsWith('x-user-')) delete req.headers[name];
    const token = bearerTokenOf(req.headers, req.url, isUpgrade(req));
    if (!token) return;
    let result: TokenCheck;
    try {
      result = await guard.check(token);
    } catch (err) {
      if (!(err instanceof KeysUnavailableError)) throw err;
      req.log.warn({ err }, 'cannot verify the access token: the auth key set is unavailable');
      recordTokenFailure(req, 503, 'tokens cannot be verified right now (service auth is not reachable)');
      return;
    }
    if (!result.ok) {
      recordTokenFailure(req, 401, result.reason);
      return;
    }
    const { identity } = result;
    req.headers[USER_ID_HEADER] = identity.userId;
    req.headers[USER_ROLES_HEADER] = identity.roles.join(',');
    req.headers[TOKEN_EXPIRES_HEADER] = String(identity.expiresAt);
    verifiedTokens.set(req.raw, token);
  });
}
