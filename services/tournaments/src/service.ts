import { cacheReads, type ServiceDefinition } from '@garrison/kit';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { grpcBotRegistry } from './adapters/grpc-bot-registry.js';
import { config } from './config.js';
import type { Database } from './database.js';
import type { Deps } from './app/deps.js';
import { grpcBattleScheduler } from './adapters/grpc-battle-scheduler.js';
import { skillRatingsProjection as skillRatings } from './adapters/skill-ratings-projection.js';
import { registerTournamentRoutes } from './entry-points/http/routes.js';
import { battleEvents } from './entry-points/consumers/battle-events.js';
import { skillRatingsProjection } from './entry-points/consumers/skill-ratings.js';
import { jobs, workers } from './entry-points/jobs/jobs.js';

/** Tournaments any user organises: formats, applications, series, rounds driven by battles (SPEC 3.5). */
export const tournamentsService: ServiceDefinition<Database, typeof config> = {
  name: 'tournaments',
  config,
  migrations: new URL('../migrations/', import.meta.url),
  setup(ctx) {
    const deps: Deps = {
      db: ctx.db,
      bus: ctx.bus,
      scheduler: ctx.scheduler,
      log: ctx.log,
      battles: grpcBattleScheduler(
        ctx.grpcClient(BattlesService, 'battles', { timeoutMs: ctx.config.battleTimeoutMs }),
      ),
      bots: grpcBotRegistry(ctx.grpcClient(BotsService, 'bots')),
      skills: skillRatings,
      settings: {
        maxCapacity: ctx.config.maxCapacity,
        seriesRegistrationMinutes: ctx.config.seriesRegistrationMinutes,
        roundLeadSeconds: ctx.config.roundLeadSeconds,
      },
    };
    return {
      http: (app) => {
        cacheReads(app, ctx); // GETs answer stale from the cache while the database is down (ADR 182)
        registerTournamentRoutes(app, deps);
      },
      consumers: [...battleEvents(deps), skillRatingsProjection],
      workers: workers(deps),
      jobs: jobs(deps),
    };
  },
};
