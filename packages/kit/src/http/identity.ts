import type { FastifyRequest } from 'fastify';
import { problem } from './problem.js';

/**
 * Who is calling. The headers are set by the kit's identity guard from a verified access token
 * (identity/guard.ts); whatever a caller sent under these names was removed first (ADR 152).
 */
export interface Identity {
  userId: string;
  roles: string[];
}

export const USER_ID_HEADER = 'x-user-id';
export const USER_ROLES_HEADER = 'x-user-roles';

type HeaderBag = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the identity headers; undefined for an anonymous request. */
export function readIdentity(headers: HeaderBag): Identity | undefined {
  const userId = single(headers[USER_ID_HEADER])?.trim();
  if (!userId) return undefined;
  const roles = (single(headers[USER_ROLES_HEADER]) ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  return { userId, roles };
}

export function identityHeadersOf(identity: Identity): Record<string, string> {
  return { [USER_ID_HEADER]: identity.userId, [USER_ROLES_HEADER]: identity.roles.join(',') };
}

const tokenFailures = new WeakMap<object, { status: 401 | 503; reason: string }>();

/** Why the request's token did not give it an identity (the guard records it; identityOf reports it). */
export function recordTokenFailure(req: FastifyRequest, status: 401 | 503, reason: string): void {
  tokenFailures.set(req.raw, { status, reason });
}

/** The caller's identity; throws a 401 problem for an anonymous request (503 when tokens cannot be checked). */
export function identityOf(req: FastifyRequest): Identity {
  const identity = readIdentity(req.headers);
  if (identity) return identity;
  const failure = tokenFailures.get(req.raw);
  if (failure?.status === 503) throw problem(503, 'Service Unavailable', failure.reason, { service: 'auth' });
  throw problem(
    401,
    'Unauthorized',
    failure
      ? `This endpoint requires an authenticated user: ${failure.reason}`
      : 'This endpoint requires an authenticated user',
  );
}

/** preHandler: 401 unless the request carries an identity. */
export async function requireAuth(req: FastifyRequest): Promise<void> {
  identityOf(req);
}

/** preHandler: 401 when anonymous, 403 unless the caller holds at least one of `roles`. */
export function requireRole(...roles: string[]): (req: FastifyRequest) => Promise<void> {
  return async (req) => {
    const identity = identityOf(req);
    if (!roles.some((r) => identity.roles.includes(r))) {
      throw problem(
        403,
        'Forbidden',
        `This action requires the role ${roles.map((r) => `"${r}"`).join(' or ')}`,
      );
    }
  };
}
