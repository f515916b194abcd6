// stale-if-error (RFC 5861) for a service's GET routes (ADR 182): every successful answer is kept
// (per caller) for an hour; while the database cannot be reached, the route answers the kept copy
// with `Age`, `Cache-Status` (RFC 9211) and `Warning` saying it is stale. Writes are untouched: they
// fail fast with 503 + Retry-After from the kit's error handler.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { HttpApp } from '../http/app.js';
import { readIdentity } from '../http/identity.js';
import { isDatabaseUnavailable } from '../postgres/unavailable.js';
import type { ReadCacheStore } from './store.js';

export interface ReadCacheOptions {
  /** How long a copy may stand in for the database (default 3600 s, seed 002's "about an hour"). */
  staleIfErrorSeconds?: number;
  /** Only GET routes whose path starts with one of these (default: every GET route registered after). */
  paths?: string[];
  /** Bodies larger than this are not kept (default 256 KiB). */
  maxBodyBytes?: number;
}

const CACHE_NAME = 'garrison';

/** Caller-specific: an answer is only ever replayed to the same user with the same roles. */
function keyOf(service: string, req: FastifyRequest): string {
  const identity = readIdentity(req.headers);
  const who = identity ? `${identity.userId}|${[...identity.roles].sort().join(',')}` : '-';
  return createHash('sha256').update(`${service}\n${req.url}\n${who}`).digest('base64url');
}

/**
 * Wraps the GET routes registered after this call on `app`. The per-service wiring is one line in
 * its `http` setup: `cacheReads(app, ctx)`.
 */
export function cacheReads(
  app: HttpApp,
  ctx: { name: string; cache: ReadCacheStore },
  options: ReadCacheOptions = {},
): void {
  const ttl = options.staleIfErrorSeconds ?? 3600;
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  const store = ctx.cache;
  const cached = (route: RouteOptions): boolean => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('GET')) return false;
    return !options.paths || options.paths.some((p) => route.url.startsWith(p));
  };

  app.addHook('onRoute', (route) => {
    if (!cached(route)) return;
    const handler = route.handler;
    route.handler = async function (this: unknown, req: FastifyRequest, reply: FastifyReply) {
      try {
        return await handler.call(this as never, req, reply);
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        const copy = await store.get(keyOf(ctx.name, req)).catch(() => undefined);
        if (!copy) throw err;
        const age = Math.max(0, Math.floor((Date.now() - copy.storedAt) / 1000));
        req.log.warn({ age }, 'database unavailable; answering from the read cache (stale)');
        (reply as FastifyReply & { staleCopy?: boolean }).staleCopy = true;
        return reply
          .code(200)
          .header('age', String(age))
          .header('cache-status', `${CACHE_NAME}; hit; ttl=${-age}; detail=stale-if-error`)
          .header('warning', `110 ${CACHE_NAME} "Response is Stale", 111 ${CACHE_NAME} "Revalidation Failed"`)
          .header('content-type', copy.contentType)
          .send(copy.body);
      }
    };
    const keep = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (
        reply.statusCode === 200 &&
        typeof payload === 'string' &&
        payload.length <= maxBody &&
        !(reply as FastifyReply & { staleCopy?: boolean }).staleCopy
      ) {
        const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
        // Not awaited: the answer never waits for the cache, and a cache that is down is only a miss.
        store
          .set(keyOf(ctx.name, req), { body: payload, contentType, storedAt: Date.now() }, ttl)
          .catch((err: unknown) => req.log.debug({ err }, 'read cache: could not store'));
      }
      return payload;
    };
    route.onSend = [...(route.onSend ? [route.onSend].flat() : []), keep];
  });
}
