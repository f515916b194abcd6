import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '@garrison/kit';
import type { BucketStore } from './bucket-store.js';
import { anonymousLimits, type BucketLimits } from './token-bucket.js';

export interface RateLimitOptions {
  store: BucketStore;
  /** Per authenticated user; anonymous callers get half, per IP. */
  perUser: BucketLimits;
  /** The verified user of a request, if any (runs after authentication). */
  userOf: (req: FastifyRequest) => string | undefined;
  onLimited?: (client: 'user' | 'ip') => void;
}

/**
 * onRequest hook (after authentication): spends one token from the caller's bucket — the user's when
 * the token was valid, else the client IP's — and answers 429 with Retry-After when it is empty.
 * If the shared store (Redis) is down, requests pass: losing the limiter must not take the site down.
 */
export function rateLimit(opts: RateLimitOptions) {
  const perIp = anonymousLimits(opts.perUser);
  return async function limitRate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const user = opts.userOf(req);
    const [key, limits] = user ? [`user:${user}`, opts.perUser] : [`ip:${req.ip}`, perIp];
    let result;
    try {
      result = await opts.store.take(key, limits);
    } catch (err) {
      req.log.warn({ err }, 'rate-limit store unavailable; request let through');
      return;
    }
    reply.header('ratelimit-limit', String(limits.burst));
    reply.header('ratelimit-remaining', String(result.remaining));
    if (result.allowed) return;
    opts.onLimited?.(user ? 'user' : 'ip');
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    reply.header('retry-after', String(seconds));
    throw problem(429, 'Too Many Requests', `rate limit exceeded; retry in ${seconds} s`, {
      retryAfterSeconds: seconds,
    });
  };
}
