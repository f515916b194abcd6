import { c, defineConfig } from '@garrison/kit';

export const config = defineConfig({
  accessTokenTtlSeconds: c.int({
    env: 'AUTH_ACCESS_TOKEN_TTL_SECONDS',
    default: 900,
    min: 10,
    doc: 'lifetime of an access token (a role change reaches tokens within this time)',
  }),
  refreshTokenTtlSeconds: c.int({
    env: 'AUTH_REFRESH_TOKEN_TTL_SECONDS',
    default: 30 * 24 * 3600,
    min: 60,
    doc: 'lifetime of a refresh token; each refresh issues a fresh one',
  }),
  loginMaxFailures: c.int({
    env: 'AUTH_LOGIN_MAX_FAILURES',
    default: 10,
    min: 1,
    doc: 'counted login attempts per (login, client address) within the window before further ones get 429',
  }),
  loginFreeFailures: c.int({
    env: 'AUTH_LOGIN_FREE_FAILURES',
    default: 3,
    min: 1,
    doc: 'attempts per (login, client address) without delay; after them each wait doubles from 1 s (cap 30 s)',
  }),
  hashConcurrency: c.int({
    env: 'AUTH_HASH_CONCURRENCY',
    default: 2,
    min: 1,
    doc: 'argon2 computations at once; others queue (at most 200, then 503 + Retry-After)',
  }),
  loginFailureWindowSeconds: c.int({
    env: 'AUTH_LOGIN_FAILURE_WINDOW_SECONDS',
    default: 600,
    min: 1,
    doc: 'sliding window of the login throttle',
  }),
  adminPassword: c.optionalString({
    env: 'GARRISON_ADMIN_PASSWORD',
    doc: 'password of the bootstrap "admin" account, created at start when missing (set by the launcher)',
    secret: true,
  }),
  bootstrapRetryMaxMs: c.int({
    env: 'AUTH_BOOTSTRAP_RETRY_MAX_MS',
    default: 10_000,
    min: 10,
    doc: 'longest pause between attempts to create the bootstrap admin while users is unreachable',
  }),
});
