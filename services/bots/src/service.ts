import type { ServiceDefinition } from '@garrison/kit';
import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { config } from './config.js';
import type { Database } from './database.js';
import { grpcBattleScheduler } from './adapters/grpc-battle-scheduler.js';
import { sandboxValidator } from './adapters/sandbox-validator.js';
import type { BattleScheduler, BotValidator } from './app/ports.js';
import { registerBotRoutes } from './entry-points/http/routes.js';
import { botsGrpc } from './entry-points/grpc/bots-grpc.js';
import { gateResults } from './entry-points/consumers/gate-results.js';
import { gateWorker } from './entry-points/workers/gate-worker.js';
import { gateSweeper } from './entry-points/workers/gate-sweeper.js';

/** Ports a test may replace (the real ones need the sandbox's workers and the battles service). */
export interface BotsAdapters {
  battles?: BattleScheduler;
  validator?: BotValidator;
}

/** The bot registry (SPEC 3.2): bots, versions validated in the sandbox, the regression gate. */
export function botsServiceWith(adapters: BotsAdapters = {}): ServiceDefinition<Database, typeof config> {
  return {
    name: 'bots',
    config,
    migrations: new URL('../migrations/', import.meta.url),
    // A 256 KiB source, JSON-escaped, can be several times larger on the wire; the size rule
    // itself (413) is checked on the decoded source.
    bodyLimit: 2 * 1024 * 1024,
    setup(ctx) {
      const battles = adapters.battles ?? grpcBattleScheduler(ctx);
      const validator =
        adapters.validator ??
        sandboxValidator({
          concurrency: ctx.config.validationConcurrency,
          timeoutMs: ctx.config.validationTimeoutMs,
        });
      return {
        http: (app) => registerBotRoutes(app, { db: ctx.db, bus: ctx.bus, validator }),
        grpc: (router) => router.service(BotsService, botsGrpc(ctx.db)),
        consumers: gateResults(ctx.bus),
        workers: [gateWorker(battles, ctx.log)],
        jobs: [gateSweeper(ctx.db, battles, ctx.log, ctx.config.gateRetryAfterSeconds)],
      };
    },
  };
}

export const botsService = botsServiceWith();
