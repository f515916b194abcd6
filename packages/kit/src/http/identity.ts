import type { FastifyRequest } from 'fastify';
import { problem } from './problem.js';

/** Who is calling, as asserted by the gateway after it verified the token. */
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

/** The caller's identity; throws a 401 problem for an anonymous request. */
export function identityOf(req: FastifyRequest): Identity {
  const identity = readIdentity(req.headers);
  if (!identity) throw problem(401, 'Unauthorized', 'This endpoint requires an authenticated user');
  return identity;
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
