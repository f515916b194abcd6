import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { onCommand, withTransaction, type ServiceDefinition, type Transaction } from '@garrison/kit';
import type { AgentHubApi } from '@garrison/live';
import { createBattleWorkerPool } from '@garrison/sandbox';
import { Gauge } from 'prom-client';
import { grpcBotDirectory } from './adapters/grpc-bot-directory.js';
import { createBattle, START_JOB, type CreateDeps } from './app/create-battle.js';
import { playHostedBattle, type HostedRunner } from './app/play-hosted.js';
import type { BotDirectory } from './app/ports.js';
import { config } from './config.js';
import type { Database } from './database.js';
import { battlesGrpc } from './entry-points/grpc/battles-grpc.js';
import { registerBattleRoutes } from './entry-points/http/routes.js';
import { registerSockets } from './entry-points/ws/sockets.js';
import { LiveSessions } from './live/live-sessions.js';
import { liveAgentHub } from './live/load-hub.js';
import { cancelOrphanedLiveBattles, ORPHAN_SWEEP_JOB } from './live/orphan-sweep.js';
import { BattleStatusFeed } from './live/status-feed.js';
import { SpectatorHub } from './live/spectators.js';
import { battleMetrics } from './metrics.js';

/** What tests may replace; production uses the bots service, the sandbox worker and packages/live. */
export interface BattlesOverrides {
  bots?: BotDirectory;
  runHosted?: HostedRunner;
  /** null: no live engine (live battles answer 501, /api/agent closes with 4501). */
  agentHub?: AgentHubApi | null;
}

/** Game sessions (SPEC 3.3): hosted battles on the battles.run queue, live battles, spectators, replays. */
export function createBattlesService(
  overrides: BattlesOverrides = {},
): ServiceDefinition<Database, typeof config> {
  return {
    name: 'battles',
    config,
    migrations: new URL('../migrations/', import.meta.url),
    async setup(ctx) {
      const metrics = battleMetrics(ctx.metrics);
      const bots =
        overrides.bots ?? grpcBotDirectory(ctx.grpcClient(BotsService, 'bots', { timeoutMs: 5000 }));
      const hub =
        overrides.agentHub === undefined ? liveAgentHub(metrics) : (overrides.agentHub ?? undefined);
      const spectators = new SpectatorHub();
      const statusFeed = new BattleStatusFeed(ctx.db, ctx.config.watchPollMs, ctx.log);
      const live = hub
        ? new LiveSessions({
            db: ctx.db,
            bus: ctx.bus,
            bots,
            hub,
            spectators,
            log: ctx.log,
            metrics,
            tickRate: ctx.config.liveTickRate,
            forfeitAfterMs: ctx.config.liveForfeitAfterMs,
            idleAfterMs: ctx.config.liveIdleAfterMs,
          })
        : undefined;
      const deps: CreateDeps = {
        db: ctx.db,
        bus: ctx.bus,
        scheduler: ctx.scheduler,
        bots,
        liveEnabled: live !== undefined,
        isOnline: (userId) => hub?.isOnline(userId) ?? false,
        startLive: (id) => live?.start(id),
      };

      new Gauge({
        name: 'battles_queue_depth',
        help: 'Hosted battles due to start that no worker has begun yet (the battles.run backlog)',
        registers: [ctx.metrics],
        async collect() {
          const row = await ctx.db
            .selectFrom('battles')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('status', '=', 'scheduled')
            .where('live', '=', false)
            .where('starts_at', '<=', new Date())
            .executeTakeFirst();
          this.set(Number(row?.n ?? 0));
        },
      });

      // Long-lived battle workers, one per battle played at once: a battle no longer pays a
      // thread's start (docs/performance.md). Created only where battles are played.
      const pool =
        !overrides.runHosted && ctx.config.workerConcurrency > 0
          ? createBattleWorkerPool({ size: ctx.config.workerConcurrency })
          : undefined;
      const run = overrides.runHosted ?? pool?.runBattle;
      const hostedDeps = { db: ctx.db, bus: ctx.bus, bots, log: ctx.log, metrics, ...(run ? { run } : {}) };
      const workers =
        ctx.config.workerConcurrency > 0
          ? [
              onCommand<{ battleId: string }, Transaction<Database>>({
                queue: 'battles.run',
                concurrency: ctx.config.workerConcurrency,
                handle: (command, tx) => playHostedBattle(hostedDeps, command.data.battleId, tx),
              }),
            ]
          : [];

      return {
        http: async (app) => {
          registerBattleRoutes(app, deps);
          await registerSockets(app, {
            db: ctx.db,
            hub,
            spectators,
            metrics,
            spectatorDelayMs: ctx.config.spectatorDelayMs,
            statusFeed,
          });
        },
        grpc: (router) => router.service(BattlesService, battlesGrpc(deps, ctx.config.watchPollMs)),
        workers,
        jobs: [
          {
            // A live battle whose process crashed would stay "running" for ever.
            name: ORPHAN_SWEEP_JOB,
            cron: '* * * * *',
            run: async () => {
              const cancelled = await cancelOrphanedLiveBattles(ctx.db, ctx.bus);
              if (cancelled.length) ctx.log.warn({ cancelled }, 'cancelled orphaned live battles');
            },
          },
          {
            // A battle scheduled for later (tournaments): its time has come.
            name: START_JOB,
            async run({ data }: { data: { battleId: string } }) {
              const battle = await ctx.db
                .selectFrom('battles')
                .select(['live', 'status'])
                .where('id', '=', data.battleId)
                .executeTakeFirst();
              if (!battle || battle.status !== 'scheduled') return;
              if (battle.live) return live?.start(data.battleId);
              await withTransaction(ctx.db, (tx) =>
                ctx.bus.send(tx, 'battles.run', { type: 'battle.run', data: { battleId: data.battleId } }),
              );
            },
          },
        ],
        onStop: async () => {
          statusFeed.close();
          await live?.stop();
          await hub?.close();
          // Waits for running battles; one the consumer still takes meanwhile plays in a disposable worker.
          await pool?.close();
        },
      };
    },
  };
}

export const battlesService = createBattlesService();

// Re-exported for tests that drive creation directly.
export { createBattle };
