import type { ServiceDefinition } from '@garrison/kit';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { Gauge } from 'prom-client';
import { config } from './config.js';
import type { Database } from './database.js';
import type { Deps } from './app/deps.js';
import type { BattleCreator, BotRegistry } from './app/ports.js';
import { PairingLoop } from './app/queue/pairing-loop.js';
import { viewRoom } from './app/rooms/list-rooms.js';
import { grpcBattleCreator } from './adapters/grpc-battle-creator.js';
import { grpcBotRegistry } from './adapters/grpc-bot-registry.js';
import { skillRatingsProjection } from './adapters/skill-ratings.js';
import { playersProjection } from './entry-points/consumers/players.js';
import { skillRatingsConsumer } from './entry-points/consumers/skill-ratings.js';
import {
  registerChallengeRoutes,
  registerQueueRoutes,
  registerRoomRoutes,
} from './entry-points/http/routes.js';
import { registerRoomLive } from './entry-points/http/room-live.js';
import { jobs } from './entry-points/jobs/jobs.js';
import { RoomHub } from './live/room-hub.js';
import { pgRoomSignals, RoomListener } from './live/room-signals.js';

/** Ports a test may replace (the real ones need the battles and bots services). */
export interface MatchmakingAdapters {
  battles?: BattleCreator;
  bots?: BotRegistry;
}

/** Challenges, rooms and auto-search (SPEC 3.4): everything that leads two or more players into a battle. */
export function matchmakingServiceWith(
  adapters: MatchmakingAdapters = {},
): ServiceDefinition<Database, typeof config> {
  return {
    name: 'matchmaking',
    config,
    migrations: new URL('../migrations/', import.meta.url),
    async setup(ctx) {
      const cfg = ctx.config;
      const deps: Deps = {
        db: ctx.db,
        bus: ctx.bus,
        scheduler: ctx.scheduler,
        log: ctx.log,
        battles:
          adapters.battles ??
          grpcBattleCreator(ctx.grpcClient(BattlesService, 'battles', { timeoutMs: cfg.battleTimeoutMs })),
        bots:
          adapters.bots ??
          grpcBotRegistry(ctx.grpcClient(BotsService, 'bots', { timeoutMs: cfg.battleTimeoutMs })),
        ratings: skillRatingsProjection(cfg.defaultConservativeRating),
        rooms: pgRoomSignals,
        limits: { challengeTtlSeconds: cfg.challengeTtlSeconds, challengesPerHour: cfg.challengesPerHour },
        pairing: {
          windowBase: cfg.windowBase,
          windowStep: cfg.windowStep,
          windowStepMs: cfg.windowStepSeconds * 1000,
          rematchAfterMs: cfg.rematchAfterSeconds * 1000,
        },
      };
      const hub = new RoomHub({ loadRoom: (id) => viewRoom(deps, id), log: ctx.log });
      const listener = new RoomListener({
        databaseUrl: cfg.databaseUrl!,
        onSignal: (roomId) => void hub.onSignal(roomId),
        onReconnected: () => void hub.resync(),
        log: ctx.log,
      });
      const pairing = new PairingLoop(deps, cfg.pairingIntervalMs);

      new Gauge({
        name: 'matchmaking_room_live_connections',
        help: 'room WebSockets connected to this instance',
        registers: [ctx.metrics],
        collect() {
          this.set(hub.connections);
        },
      });

      return {
        http: async (app) => {
          registerChallengeRoutes(app, deps);
          registerRoomRoutes(app, deps);
          registerQueueRoutes(app, deps);
          await registerRoomLive(app, deps, hub);
        },
        consumers: [skillRatingsConsumer, ...playersProjection],
        jobs: jobs(deps),
        ready: async () => listener.connected,
        // Started here, not in setup: a start that fails before this point leaves no connection behind.
        onStarted: async () => {
          await listener.start();
          pairing.start();
        },
        onStop: async () => {
          await pairing.stop();
          hub.closeAll();
          await listener.stop();
        },
      };
    },
  };
}

export const matchmakingService = matchmakingServiceWith();
