import type { ServiceDefinition } from '@garrison/kit';
import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { config } from './config.js';
import type { Database } from './database.js';
import { grpcBattleScheduler } from './adapters/grpc-battle-scheduler.js';
import { sandboxValidator } from './adapters/sandbox-validator.js';
import { ValidationQueue } from './app/validation-queue.js';
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
      const pooled = adapters.validator
        ? undefined
        : sandboxValidator({
            concurrency: ctx.config.validationConcurrency,
            timeoutMs: ctx.config.validationTimeoutMs,
          });
      const validator = adapters.validator ?? pooled!;
      const validations = new ValidationQueue({
        concurrency: ctx.config.validationConcurrency,
        perUser: ctx.config.validationsPerUser,
        maxWaitMs: ctx.config.validationWaitMs,
        retryAfterSeconds: Math.ceil(ctx.config.validationTimeoutMs / 1000),
      });
      return {
        http: (app) => registerBotRoutes(app, { db: ctx.db, bus: ctx.bus, validator, validations }),
        grpc: (router) => router.service(BotsService, botsGrpc(ctx.db)),
        consumers: gateResults(ctx.bus),
        workers: [gateWorker(battles, ctx.log)],
        jobs: [gateSweeper(ctx.db, battles, ctx.log, ctx.config.gateRetryAfterSeconds)],
        // Warmed before start() returns (a cold worker's start would eat into the validation bound);
        // the routes already serve meanwhile, and an upload then just starts its worker.
        onStarted: async () => {
          await pooled
            ?.warmUp()
            .catch((err: unknown) => ctx.log.warn({ err }, 'validation workers did not warm up'));
        },
        onStop: async () => {
          await pooled?.close();
        },
      };
    },
  };
}

export const botsService = botsServiceWith();
