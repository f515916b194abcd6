import type { ServiceDefinition } from '@garrison/kit';
import { config } from './config.js';
import type { Database } from './database.js';
import { registerTaskRoutes } from './entry-points/http/routes.js';
import { accountsProjection } from './entry-points/consumers/accounts-projection.js';

/** aTES task tracker: tasks assigned to random workers, shuffles, completions (SPEC 4.1). */
export const tasksService: ServiceDefinition<Database, typeof config> = {
  name: 'tasks',
  config,
  migrations: new URL('../migrations/', import.meta.url),
  setup: (ctx) => ({
    http: (app) => registerTaskRoutes(app, ctx),
    consumers: accountsProjection,
  }),
};
