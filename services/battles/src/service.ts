import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { withTransaction, type ServiceDefinition } from '@garrison/kit';
import type { AgentHubApi } from '@garrison/live';
import { createBattleWorkerPool } from '@garrison/sandbox';
import { Gauge } from 'prom-client';
import { grpcBotDirectory } from './adapters/grpc-bot-directory.js';
import { createBattle, START_JOB, type CreateDeps } from './app/create-battle.js';
import { broadcastRevealJobs } from './app/broadcast-reveal.js';
import type { HostedRunner } from './app/play-hosted.js';
import { laneWorkers, sendRun } from './app/run-lanes.js';
import type { BotDirectory } from './app/ports.js';
import { config } from './config.js';
import type { Database } from './database.js';
import { battlesGrpc } from './entry-points/grpc/battles-grpc.js';
import { registerBattleRoutes } from './entry-points/http/routes.js';
import { registerSockets } from './entry-points/ws/sockets.js';
import { LiveSessions } from './live/live-sessions.js';
import { liveAgentHub, noHubHooks } from './live/load-hub.js';
import { AgentRelay } from './live/agent-relay.js';
import { ORPHAN_SWEEP_JOB, sweepOrphanedLiveBattles } from './live/orphan-sweep.js';
import { BroadcastFeed } from './live/broadcast-feed.js';
import { FrameRelay } from './live/frame-relay.js';
import { LivePlacement } from './live/live-placement.js';
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
      const hooks = noHubHooks();
      const hub =
        overrides.agentHub === undefined ? liveAgentHub(metrics, hooks) : (overrides.agentHub ?? undefined);
      // Spectators may be connected to another instance than the one playing their battle (ADR 174).
      let relay: FrameRelay | undefined;
      const spectators = new SpectatorHub((frame) => relay?.announce(frame));
      if (ctx.config.databaseUrl) {
        relay = new FrameRelay({
          databaseUrl: ctx.config.databaseUrl,
          db: ctx.db,
          instanceId: ctx.instanceId,
          onFrame: (frame) => spectators.deliver(frame),
          log: ctx.log,
        });
        await relay.start();
      }
      // Two Agents of one battle may be connected to different instances (ADR 281).
      const agentRelay =
        hub && ctx.config.databaseUrl
          ? new AgentRelay({
              databaseUrl: ctx.config.databaseUrl,
              db: ctx.db,
              instanceId: ctx.instanceId,
              hub,
              log: ctx.log,
            })
          : undefined;
      await agentRelay?.start();
      const statusFeed = new BattleStatusFeed(ctx.db, ctx.config.watchPollMs, ctx.log);
      const broadcasts = new BroadcastFeed(ctx.db, ctx.config.watchPollMs, ctx.log);
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
            ...(agentRelay ? { relay: agentRelay } : {}),
          })
        : undefined;
      if (live)
        hooks.greeted = (userId) =>
          void live
            .agentGreeted(userId)
            .catch((err: unknown) =>
              ctx.log.warn({ err, userId }, "could not look for an Agent's battles to take over"),
            );
      if (agentRelay) {
        hooks.elsewhere = (userId, message) => agentRelay.passOn(userId, message);
        hooks.closed = (userId) => agentRelay.agentClosed(userId);
      }
      const placement = live
        ? new LivePlacement({
            db: ctx.db,
            databaseUrl: ctx.config.databaseUrl,
            hub: hub!,
            play: (id) => live.start(id),
            log: ctx.log,
          })
        : undefined;
      await placement?.start();
      const placeLive = (id: string) =>
        placement
          ?.place(id)
          .catch((err: unknown) => ctx.log.error({ err, battleId: id }, 'could not place a live battle'));
      const deps: CreateDeps = {
        db: ctx.db,
        bus: ctx.bus,
        scheduler: ctx.scheduler,
        bots,
        liveEnabled: live !== undefined,
        isOnline: (userId) => hub?.isOnline(userId) ?? false,
        startLive: (id) => void placeLive(id),
        practicePerUser: ctx.config.practicePerUser,
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
      const size = ctx.config.workerConcurrency;
      const pool = !overrides.runHosted && size > 0 ? createBattleWorkerPool({ size }) : undefined;
      const run = overrides.runHosted ?? pool?.runBattle;
      const hostedDeps = {
        db: ctx.db,
        bus: ctx.bus,
        bots,
        log: ctx.log,
        metrics,
        cpuCapMs: ctx.config.cpuCapMs,
        broadcast: {
          pace: { tickMs: 1000 / ctx.config.liveTickRate, delayMs: ctx.config.spectatorDelayMs },
          scheduler: ctx.scheduler,
        },
        ...(run ? { run } : {}),
      };
      const workers =
        size > 0 ? laneWorkers({ size, reserved: ctx.config.reservedRankedWorkers }, hostedDeps) : [];
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
            broadcasts,
          });
        },
        grpc: (router) => router.service(BattlesService, battlesGrpc(deps, ctx.config.watchPollMs)),
        workers,
        jobs: [
          {
            // A live battle whose process died and whose Agents went nowhere: taken over here (ADR 280).
            name: ORPHAN_SWEEP_JOB,
            cron: '* * * * *',
            run: async () => {
              const swept = await sweepOrphanedLiveBattles(ctx.db, ctx.bus, (id, staleMs) =>
                live ? live.takeOver(id, staleMs) : Promise.resolve(false),
              );
              if (swept.takenOver.length || swept.cancelled.length)
                ctx.log.warn(swept, 'swept live battles no process was playing');
            },
          },
          ...broadcastRevealJobs({ db: ctx.db, bus: ctx.bus, scheduler: ctx.scheduler, log: ctx.log }),
          {
            // A battle scheduled for later (tournaments): its time has come.
            name: START_JOB,
            async run({ data }: { data: { battleId: string } }) {
              const battle = await ctx.db
                .selectFrom('battles')
                .select(['live', 'status', 'kind', 'ranked'])
                .where('id', '=', data.battleId)
                .executeTakeFirst();
              if (!battle || battle.status !== 'scheduled') return;
              if (battle.live) return placeLive(data.battleId);
              await withTransaction(ctx.db, (tx) => sendRun(ctx.bus, tx, battle, data.battleId));
            },
          },
        ],
        onStop: async () => {
          statusFeed.close();
          broadcasts.close();
          await placement?.stop();
          await live?.stop();
          await agentRelay?.stop();
          await relay?.stop();
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
