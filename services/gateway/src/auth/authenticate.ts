import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerTokenOf, Problem, problem, type AccessTokenVerifier, type TokenIdentity } from '@garrison/kit';
import { stripIdentityHeaders } from '../proxy/headers.js';
import { isOpenRequest } from './open-paths.js';

const identities = new WeakMap<object, TokenIdentity>();
const tokens = new WeakMap<object, string>();

/** The access token that proved the identity: forwarded so the service verifies it too (ADR 152). */
export function verifiedTokenOf(req: FastifyRequest): string | undefined {
  return tokens.get(req.raw);
}

/** The identity the gateway verified for this request (undefined: anonymous). */
export function verifiedIdentityOf(req: FastifyRequest): TokenIdentity | undefined {
  return identities.get(req.raw);
}

/** A WebSocket handshake: browsers cannot set headers there, so the token may come as `?access_token=`. */
function isUpgrade(req: FastifyRequest): boolean {
  return String(req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

const REALM = 'Bearer realm="garrison"';

const failures = new WeakMap<object, { problem: Problem; challenge: string }>();

function refuse(req: FastifyRequest, detail: string, challenge: string): void {
  failures.set(req.raw, { problem: problem(401, 'Unauthorized', detail), challenge });
}

/**
 * onRequest hook: forged identity headers are removed first, always; then the bearer token (or, for
 * a WebSocket upgrade, `?access_token=`) is verified. On open requests a valid token still identifies
 * the caller and an invalid one is ignored. A protected request without a valid token is only marked
 * here: the rate limiter counts it against the client's IP before `rejectUnauthenticated` answers 401,
 * so guessing tokens is throttled like any other anonymous traffic.
 */
export function authenticate(verifier: AccessTokenVerifier) {
  return async function authenticateRequest(req: FastifyRequest): Promise<void> {
    stripIdentityHeaders(req.headers);
    const open = isOpenRequest(req.method, req.url);
    const token = bearerTokenOf(req.headers, req.url, isUpgrade(req));
    if (!token) {
      if (!open) refuse(req, 'an access token is required (Authorization: Bearer <token>)', REALM);
      return;
    }
    let result;
    try {
      result = await verifier.verify(token);
    } catch (err) {
      if (open) return;
      req.log.error({ err }, 'cannot verify tokens: the auth key set is unavailable');
      throw problem(
        503,
        'Service Unavailable',
        'tokens cannot be verified right now (service auth is not reachable)',
        {
          service: 'auth',
        },
      );
    }
    if (result.ok) {
      identities.set(req.raw, result.identity);
      tokens.set(req.raw, token);
    } else if (!open) refuse(req, result.reason, `${REALM}, error="invalid_token"`);
  };
}

/** onRequest hook, after the rate limiter: answers 401 for a protected request without a valid token. */
export async function rejectUnauthenticated(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const failure = failures.get(req.raw);
  if (!failure) return;
  reply.header('www-authenticate', failure.challenge);
  throw failure.problem;
}
