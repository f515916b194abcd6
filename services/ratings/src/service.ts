import { cacheReads, type ServiceDefinition } from '@garrison/kit';
import { config } from './config.js';
import type { Database } from './database.js';
import { expirePoints } from './app/expire-points.js';
import { battleEvents } from './entry-points/consumers/battle-events.js';
import { tournamentEvents } from './entry-points/consumers/tournament-events.js';
import { usersProjection } from './entry-points/consumers/users-projection.js';
import { registerRatingRoutes } from './entry-points/http/routes.js';

/** Tanks ratings: Glicko-2 skill from ranked battles, rating points from tournaments (SPEC 3.6). */
export const ratingsService: ServiceDefinition<Database, typeof config> = {
  name: 'ratings',
  config,
  migrations: new URL('../migrations/', import.meta.url),
  setup: (ctx) => ({
    http: (app) => {
      cacheReads(app, ctx); // GETs answer stale from the cache while the database is down (ADR 182)
      registerRatingRoutes(app, ctx);
    },
    consumers: [...battleEvents(ctx), ...tournamentEvents(ctx), ...usersProjection],
    jobs: [
      {
        name: 'expire-points',
        cron: ctx.config.pointsExpiryCron,
        run: async () => {
          const changed = await expirePoints(ctx.db, ctx.bus, ctx.config.pointsWindowMonths);
          ctx.log.info({ changed }, 'expired rating points');
        },
      },
    ],
  }),
};
