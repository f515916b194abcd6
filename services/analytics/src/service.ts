import type { ServiceDefinition } from '@garrison/kit';
import { config } from './config.js';
import type { Database } from './database.js';
import { projections } from './entry-points/consumers/projections.js';
import { registerAnalyticsRoutes } from './entry-points/http/routes.js';

/** aTES analytics for management, built only from events in its own database (SPEC 4.3). */
export const analyticsService: ServiceDefinition<Database, typeof config> = {
  name: 'analytics',
  config,
  migrations: new URL('../migrations/', import.meta.url),
  setup: (ctx) => ({
    http: (app) => registerAnalyticsRoutes(app, ctx),
    consumers: projections,
  }),
};
