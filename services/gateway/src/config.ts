import { c, defineConfig } from '@garrison/kit';

export const gatewayConfig = defineConfig({
  rateLimit: c.string({
    env: 'GARRISON_RATE_LIMIT',
    default: '20,100',
    doc: 'per-user "rate,burst" (requests/s, bucket size); anonymous clients get half per IP; "off" disables it',
  }),
  redisUrl: c.optionalString({
    env: 'GARRISON_REDIS_URL',
    doc: 'Redis shared by gateway instances for rate-limit buckets; in-memory when unset',
    secret: true,
  }),
  tlsCert: c.optionalString({
    env: 'GARRISON_TLS_CERT',
    doc: 'PEM certificate file; with GARRISON_TLS_KEY the gateway serves HTTPS with HTTP/2 (ALPN, HTTP/1.1 fallback)',
  }),
  tlsKey: c.optionalString({
    env: 'GARRISON_TLS_KEY',
    doc: 'PEM private key file for GARRISON_TLS_CERT',
    secret: true,
  }),
  upstreamTimeoutMs: c.int({
    env: 'GATEWAY_UPSTREAM_TIMEOUT_MS',
    default: 10_000,
    min: 1,
    doc: 'how long the gateway waits for an upstream answer before replying 504',
  }),
  breakerFailures: c.int({
    env: 'GATEWAY_BREAKER_FAILURES',
    default: 5,
    min: 1,
    doc: 'consecutive transport failures (connection errors, timeouts; never an answer, 5xx included) that open an upstream circuit',
  }),
  breakerCooldownMs: c.int({
    env: 'GATEWAY_BREAKER_COOLDOWN_MS',
    default: 10_000,
    min: 1,
    doc: 'how long an open circuit rejects calls before letting one trial request through',
  }),
  jwksCacheMs: c.int({
    env: 'GATEWAY_JWKS_CACHE_MS',
    default: 600_000,
    min: 1,
    doc: 'how long fetched auth public keys are trusted before they are fetched again',
  }),
  verifiedTokenCacheSize: c.int({
    env: 'GATEWAY_VERIFIED_TOKEN_CACHE',
    default: 10_000,
    min: 0,
    doc: 'access tokens remembered as verified until they expire (saves a signature check per request; 0 = off)',
  }),
  tokenIssuer: c.string({
    env: 'GATEWAY_TOKEN_ISSUER',
    default: 'garrison',
    doc: 'required `iss` of access tokens',
  }),
  tokenAudience: c.string({
    env: 'GATEWAY_TOKEN_AUDIENCE',
    default: 'garrison',
    doc: 'required `aud` of access tokens',
  }),
  webDir: c.optionalString({
    env: 'GATEWAY_WEB_DIR',
    doc: 'folder of the built web app (default: apps/web/build in the repository)',
  }),
  docsCacheMs: c.int({
    env: 'GATEWAY_DOCS_CACHE_MS',
    default: 30_000,
    min: 0,
    doc: 'how long the merged OpenAPI document is reused before the services are asked again',
  }),
});
