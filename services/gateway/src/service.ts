import { createAccessTokenVerifier, problem, type ServiceDefinition } from '@garrison/kit';
import { gatewayConfig } from './config.js';
import { registerGatewayRoutes } from './gateway-routes.js';
import { createGatewayMetrics } from './metrics.js';
import { createHttpProxy } from './proxy/http-proxy.js';
import { MemoryBucketStore, type BucketStore } from './rate-limit/bucket-store.js';
import { RedisBucketStore } from './rate-limit/redis-bucket-store.js';
import { parseRateLimit } from './rate-limit/token-bucket.js';
import { gatewayTls } from './tls.js';
import { Upstreams } from './upstream/upstreams.js';

/** The single public entry: routes by prefix, verifies tokens, limits rates, serves the web app and the docs. */
export const gatewayService: ServiceDefinition<never, typeof gatewayConfig> = {
  name: 'gateway',
  config: gatewayConfig,
  tls: gatewayTls,
  // The public port: /metrics lives on the internal listener (METRICS_PORT), never here (issue 10 item 10).
  publicPort: true,
  // It only proxies: no handler calls another service, so no request scope (and no async hooks).
  requestScope: false,
  // The gateway streams bodies through without parsing them; the owning service enforces its own limit.
  async setup(ctx) {
    const cfg = ctx.config;
    const limits = parseRateLimit(cfg.rateLimit);
    const store: BucketStore | undefined =
      limits === 'off'
        ? undefined
        : cfg.redisUrl
          ? new RedisBucketStore(cfg.redisUrl)
          : new MemoryBucketStore();

    const upstreams = new Upstreams(ctx.discovery, {
      failureThreshold: cfg.breakerFailures,
      cooldownMs: cfg.breakerCooldownMs,
    });
    const metrics = createGatewayMetrics(ctx.metrics);
    const proxy = createHttpProxy({ upstreams, timeoutMs: cfg.upstreamTimeoutMs, metrics });
    const verifier = createAccessTokenVerifier({
      issuer: cfg.tokenIssuer,
      audience: cfg.tokenAudience,
      cacheMaxAgeMs: cfg.jwksCacheMs,
      verifiedTokenCacheSize: cfg.verifiedTokenCacheSize,
      jwksUrl: async () => {
        const auth = (await ctx.discovery.resolve('auth')).find((i) => i.healthy && i.http);
        if (!auth)
          throw problem(503, 'Service Unavailable', 'service auth is not running', { service: 'auth' });
        return `${auth.http!.replace(/\/+$/, '')}/api/auth/jwks`;
      },
    });

    let routes: { closeTunnels(): void } | undefined;
    return {
      http: async (app) => {
        routes = await registerGatewayRoutes(app, {
          verifier,
          upstreams,
          proxy,
          discovery: ctx.discovery,
          docsCacheMs: cfg.docsCacheMs,
          metrics,
          ...(store && limits !== 'off' ? { rateLimit: { store, perUser: limits } } : {}),
          ...(cfg.webDir ? { webDir: cfg.webDir } : {}),
        });
      },
      onStop: async () => {
        routes?.closeTunnels();
        await proxy.close();
        await store?.close();
      },
    };
  },
};
