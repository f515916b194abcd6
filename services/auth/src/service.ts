import { randomUUID } from 'node:crypto';
import type { ServiceDefinition } from '@garrison/kit';
import { UsersService } from '@garrison/contracts/gen/garrison/users/v1/users_pb';
import type { AuthDeps } from './app/ports.js';
import { purgeExpired } from './app/purge-expired.js';
import { argon2Hasher } from './adapters/argon2-hasher.js';
import { boundedHasher } from './adapters/bounded-hasher.js';
import { DEFAULT_DELAYS } from './domain/throttle.js';
import type { AuthDatabase } from './adapters/database.js';
import { grpcUsersDirectory } from './adapters/grpc-users-directory.js';
import { kitTransactions } from './adapters/kit-transactions.js';
import { jwtIssuer, SigningKeys } from './adapters/signing-keys.js';
import { config } from './config.js';
import { adminBootstrap } from './entry-points/bootstrap-runner.js';
import { userProjectionConsumers } from './entry-points/consumers/user-events.js';
import { authMetrics } from './entry-points/http/auth-metrics.js';
import { registerAuthRoutes } from './entry-points/http/routes.js';
import { registerRevocationFeed } from './entry-points/http/revocation-routes.js';

/** auth: registration, login, tokens (SPEC 2). Keeps its own projection of users for roles in tokens. */
export const authService: ServiceDefinition<AuthDatabase, typeof config> = {
  name: 'auth',
  config,
  migrations: new URL('../migrations/', import.meta.url),
  async setup(ctx) {
    const keys = new SigningKeys(ctx.db);
    const transactions = kitTransactions(ctx.db);
    const deps: AuthDeps = {
      transactions,
      directory: grpcUsersDirectory(ctx.grpcClient(UsersService, 'users')),
      hasher: boundedHasher(argon2Hasher(), { concurrency: ctx.config.hashConcurrency, maxWaiting: 200 }),
      tokens: jwtIssuer(keys, ctx.config.accessTokenTtlSeconds),
      policy: {
        maxFailures: ctx.config.loginMaxFailures,
        failureWindowMs: ctx.config.loginFailureWindowSeconds * 1000,
        freeFailures: ctx.config.loginFreeFailures,
        baseDelayMs: DEFAULT_DELAYS.baseDelayMs,
        maxDelayMs: DEFAULT_DELAYS.maxDelayMs,
        refreshTokenTtlMs: ctx.config.refreshTokenTtlSeconds * 1000,
      },
      now: () => new Date(),
      newId: randomUUID,
    };
    await keys.current(); // the first start creates the signing key before anyone asks for a token
    const bootstrap = adminBootstrap(deps, ctx.config.adminPassword, ctx.log, ctx.config.bootstrapRetryMaxMs);
    return {
      http: (app) => {
        registerAuthRoutes(app, deps, keys, authMetrics(ctx.metrics));
        registerRevocationFeed(app, deps, ctx.config.accessTokenTtlSeconds);
      },
      consumers: userProjectionConsumers(deps),
      jobs: [
        {
          name: 'purge-expired',
          cron: '17 * * * *',
          run: async () => {
            ctx.log.info(await purgeExpired(deps), 'purged expired refresh tokens and login failures');
          },
        },
      ],
      onStarted: () => bootstrap.start(),
      onStop: () => bootstrap.stop(),
    };
  },
};
