import { randomUUID } from 'node:crypto';
import { cacheReads, type ServiceDefinition } from '@garrison/kit';
import { UsersService } from '@garrison/contracts/gen/garrison/users/v1/users_pb';
import type { UsersDeps } from './app/ports.js';
import type { UsersDatabase } from './adapters/database.js';
import { kitTransactions } from './adapters/kit-transactions.js';
import { PostgresRatingCopies } from './adapters/postgres-rating-copies.js';
import { PostgresUsers } from './adapters/postgres-users.js';
import { config } from './config.js';
import { ratingCopies } from './entry-points/consumers/rating-copies.js';
import { usersGrpc } from './entry-points/grpc/users-grpc.js';
import { registerUserRoutes } from './entry-points/http/routes.js';

/** users: accounts and roles (SPEC 2). Publishes user.created/updated/deactivated/roles-changed;
 * keeps a copy of each player's rating from rating.changed for profiles. */
export const usersService: ServiceDefinition<UsersDatabase, typeof config> = {
  name: 'users',
  config,
  migrations: new URL('../migrations/', import.meta.url),
  setup(ctx) {
    const deps: UsersDeps = {
      users: new PostgresUsers(ctx.db),
      ratings: new PostgresRatingCopies(ctx.db),
      transactions: kitTransactions(ctx),
      defaultRoles: ctx.config.defaultRoles,
      newId: randomUUID,
      now: () => new Date(),
    };
    return {
      http: (app) => {
        cacheReads(app, ctx); // GETs answer stale from the cache while the database is down (ADR 182)
        registerUserRoutes(app, deps);
      },
      grpc: (router) => router.service(UsersService, usersGrpc(deps)),
      consumers: ratingCopies,
    };
  },
};
