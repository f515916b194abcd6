import type { ServiceDefinition } from '@garrison/kit';
import { config } from './config.js';
import type { Database } from './database.js';
import { closeDay } from './app/close-day.js';
import { dayInZone } from './domain/billing-day.js';
import { registerAccountingRoutes } from './entry-points/http/routes.js';
import { taskEvents } from './entry-points/consumers/task-events.js';
import { userEvents } from './entry-points/consumers/user-events.js';

/** aTES accounting: prices, the ledger, balances and the end-of-day payout (SPEC 4.2). */
export const accountingService: ServiceDefinition<Database, typeof config> = {
  name: 'accounting',
  config,
  migrations: new URL('../migrations/', import.meta.url),
  setup: (ctx) => ({
    http: (app) => registerAccountingRoutes(app, ctx),
    consumers: [...taskEvents(ctx), ...userEvents],
    jobs: [
      {
        name: 'close-day',
        cron: ctx.config.closeCron,
        tz: ctx.config.timeZone,
        run: async () => {
          const closed = await closeDay(
            ctx.db,
            ctx.bus,
            ctx.config.timeZone,
            dayInZone(new Date(), ctx.config.timeZone),
          );
          ctx.log.info(closed, 'billing day closed');
        },
      },
    ],
  }),
};
