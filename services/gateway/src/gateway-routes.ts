import { HIDDEN_ROUTE } from './hidden.js';
import { noGatewayMetrics, type GatewayMetrics } from './metrics.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem, problem } from '@garrison/kit';
import {
  authenticate,
  rejectUnauthenticated,
  verifiedIdentityOf,
  verifiedTokenOf,
} from './auth/authenticate.js';
import type { AccessTokenVerifier } from '@garrison/kit';
import { registerApiDocs } from './docs/api-docs.js';
import type { HttpProxy } from './proxy/http-proxy.js';
import type { ForwardContext } from './proxy/headers.js';
import { isUpgradeRequest, proxyUpgrade, routeUpgrades } from './proxy/ws-proxy.js';
import type { BucketStore } from './rate-limit/bucket-store.js';
import { rateLimit } from './rate-limit/rate-limit-hook.js';
import type { BucketLimits } from './rate-limit/token-bucket.js';
import { resolveRoute, type RouteEntry } from './routes.js';
import { affinityOf } from './upstream/affinity.js';
import type { Upstreams } from './upstream/upstreams.js';
import type { Discovery } from '@garrison/kit';
import { registerWebApp } from './web/web-app.js';

export interface GatewayDeps {
  verifier: AccessTokenVerifier;
  upstreams: Upstreams;
  proxy: HttpProxy;
  discovery: Discovery;
  rateLimit?: { store: BucketStore; perUser: BucketLimits };
  webDir?: string;
  docsCacheMs: number;
  asyncApiFile?: string;
  metrics?: GatewayMetrics;
}

function forwardContext(req: FastifyRequest, route: RouteEntry): ForwardContext {
  return {
    cookies: route.cookies === true,
    requestId: req.id,
    clientIp: req.ip,
    protocol: req.protocol,
    identity: verifiedIdentityOf(req),
    token: verifiedTokenOf(req),
  };
}

/** 503s that come from an open circuit tell the client when to come back. */
function withRetryAfter(
  reply: FastifyReply,
  err: unknown,
  onCircuitOpen: (service: string) => void,
): unknown {
  const seconds = err instanceof Problem ? err.extra.retryAfterSeconds : undefined;
  if (typeof seconds === 'number') {
    reply.header('retry-after', String(seconds));
    onCircuitOpen(String((err as Problem).extra.service));
  }
  return err;
}

/**
 * Everything the gateway serves, in one encapsulated scope so its hooks (identity stripping, token
 * check, rate limit) and its pass-through body handling cover exactly these routes.
 */
export async function registerGatewayRoutes(
  app: FastifyInstance,
  deps: GatewayDeps,
): Promise<{ closeTunnels(): void }> {
  const metrics = deps.metrics ?? noGatewayMetrics;
  let closeTunnels = () => {};
  let mergedDocs: (() => Promise<unknown>) | undefined;
  // The kit serves each service's own /openapi.json; the gateway's public one is the merged document.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' && req.url.split('?', 1)[0] === '/openapi.json' && mergedDocs) {
      return reply.send(await mergedDocs());
    }
  });
  await app.register(async (scope) => {
    closeTunnels = routeUpgrades(scope);

    // Bodies are streamed to the upstream untouched: the owning service parses and validates them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    scope.addHook('onRequest', authenticate(deps.verifier));
    if (deps.rateLimit) {
      scope.addHook(
        'onRequest',
        rateLimit({
          ...deps.rateLimit,
          userOf: (req) => verifiedIdentityOf(req)?.userId,
          onLimited: metrics.rateLimited,
        }),
      );
    }
    scope.addHook('onRequest', rejectUnauthenticated);

    const proxyHandler = async (req: FastifyRequest, reply: FastifyReply) => {
      const route = resolveRoute(req.url);
      if (!route) throw problem(404, 'Not Found', `no service serves ${req.url.split('?', 1)[0]}`);
      try {
        if (isUpgradeRequest(req)) {
          const affinity = affinityOf(route.service, req.method, req.url, verifiedIdentityOf(req)?.userId);
          const lease = await deps.upstreams.acquire(route.service, undefined, affinity);
          reply.hijack();
          proxyUpgrade(req, route.service, lease, forwardContext(req, route), metrics);
          return reply;
        }
        return await deps.proxy.forward(req, reply, route.service, forwardContext(req, route));
      } catch (err) {
        throw withRetryAfter(reply, err, metrics.circuitRejected);
      }
    };
    scope.all('/api/*', { schema: HIDDEN_ROUTE }, proxyHandler);
    // Metrics are served on the internal listener only; without this the web app would answer here.
    scope.all('/metrics', { schema: HIDDEN_ROUTE }, async () => {
      throw problem(404, 'Not Found', 'No route for /metrics');
    });

    const docs = await registerApiDocs(scope, {
      discovery: deps.discovery,
      cacheMs: deps.docsCacheMs,
      ...(deps.asyncApiFile ? { asyncApiFile: deps.asyncApiFile } : {}),
    });
    mergedDocs = docs.merged;
    await registerWebApp(scope, deps.webDir);
  });
  return { closeTunnels: () => closeTunnels() };
}
