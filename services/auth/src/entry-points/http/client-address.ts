import type { FastifyRequest } from 'fastify';

/**
 * The caller's address: the last X-Forwarded-For entry, which the gateway appends (earlier entries
 * are whatever the client sent and are not trusted); the peer address for a direct call.
 */
export function clientAddressOf(req: FastifyRequest): string {
  const header = req.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : header;
  const last = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  return (last ?? req.ip).slice(0, 64);
}
