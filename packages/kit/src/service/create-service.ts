import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { baseConfig, crossCheckBaseConfig, type BaseConfig } from '../config/base-config.js';
import { ConfigError, type ConfigValues, type Env } from '../config/define-config.js';
import { StaticDiscovery } from '../discovery/static-discovery.js';
import { GrpcClients } from '../grpc/client.js';
import { serverScopeInterceptor } from '../grpc/context.js';
import { serverMetricsInterceptor } from '../grpc/metrics.js';
import { startGrpcServer, type GrpcServer } from '../grpc/server.js';
import { createHttpApp } from '../http/app.js';
import { closeHttpApp } from '../http/draining.js';
import { createKysely, createPool } from '../postgres/database.js';
import { runMigrations, type MigrationSource } from '../postgres/migrations.js';
import { registerPoolMetrics } from '../postgres/pool-metrics.js';
import { createLogger } from '../telemetry/logger.js';
import { createMetricsRegistry } from '../telemetry/metrics.js';
import { startTracing } from '../telemetry/tracing.js';
import { messagingMigrationsDir } from '../messaging/index.js';
import { createServiceMessaging, type ServiceMessaging } from './messaging-seam.js';
import { registerOpsRoutes, readiness, type ReadinessCheck } from './ops-routes.js';
import type { RunningService, ServiceContext, ServiceDefinition, ServiceParts } from './types.js';

const HTTP_DRAIN_MS = 10_000;

// The name becomes a database, exchange, queue prefix and metrics job: keep it a plain identifier.
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** The address other instances should use: a wildcard bind address is not one. */
function advertisedHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? hostname() : host;
}

function loadConfig<C>(def: ServiceDefinition<unknown, C>, env: Env): ConfigValues<C> & BaseConfig {
  const base = baseConfig.tryLoad(env);
  const own = def.config?.tryLoad(env) ?? { values: {}, problems: [] };
  const problems = [...base.problems, ...own.problems, ...crossCheckBaseConfig(base.values)];
  if (def.migrations && !base.values.databaseUrl) {
    problems.push(`DATABASE_URL: required because service "${def.name}" has migrations`);
  }
  // A service with a database runs the outbox relay, which needs a bus (see messaging-seam.ts).
  if (base.values.databaseUrl && base.values.bus === 'pgboss' && !base.values.busDatabaseUrl) {
    problems.push('BUS_DATABASE_URL: required with GARRISON_BUS=pgboss when the service has a database');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...own.values, ...base.values } as ConfigValues<C> & BaseConfig;
}

/** Undo-stack of started resources, unwound in reverse on stop or on a failed start. */
class Stopper {
  private readonly steps: { name: string; fn: () => Promise<void> }[] = [];
  constructor(private readonly log: Logger) {}
  push(name: string, fn: () => Promise<void>): void {
    this.steps.push({ name, fn });
  }
  async unwind(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.fn();
      } catch (err) {
        this.log.error({ err, step: step.name }, 'error while stopping');
      }
    }
  }
}

function noDatabase(name: string): Kysely<never> {
  return new Proxy({} as Kysely<never>, {
    get() {
      throw new Error(`service "${name}" has no database: give it migrations and DATABASE_URL`);
    },
  });
}

/**
 * Starts a service in this process: config → logs → tracing → database + migrations → messaging →
 * setup → HTTP → gRPC → consumers → discovery → onStarted. `stop()` undoes it in reverse, draining.
 */
export async function createService<DB, C>(
  def: ServiceDefinition<DB, C>,
  env: Env = process.env,
): Promise<RunningService<DB, C>> {
  if (!SERVICE_NAME.test(def.name))
    throw new Error(`invalid service name "${def.name}" (expected ${SERVICE_NAME})`);
  const config = loadConfig(def as ServiceDefinition<unknown, C>, env);
  const log = createLogger(def.name, config.logLevel);
  const stopper = new Stopper(log);
  let stopping = false;

  try {
    const tracing = await startTracing(def.name, config.otlpEndpoint, log);
    stopper.push('tracing', () => tracing.stop());
    const metrics = createMetricsRegistry();

    let pool: pg.Pool | undefined;
    let db: Kysely<DB> | undefined;
    if (config.databaseUrl) {
      const p = createPool(config.databaseUrl, { applicationName: def.name });
      pool = p;
      stopper.push('database pool', () => p.end());
      registerPoolMetrics(p, metrics);
      db = createKysely<DB>(p);
      // The kit's own tables (outbox, inbox, dead letters) first, then the service's.
      const sources: MigrationSource[] = [{ dir: messagingMigrationsDir, prefix: 'kit/' }];
      if (def.migrations) sources.push({ dir: def.migrations });
      await runMigrations(p, sources, log);
    }

    const discovery = new StaticDiscovery(config.services, log);
    const grpcClients = new GrpcClients(discovery, metrics, {
      failureThreshold: config.grpcBreakerFailures,
      cooldownMs: config.grpcBreakerCooldownMs,
    });
    stopper.push('gRPC clients', async () => grpcClients.close());

    const messaging: ServiceMessaging = await createServiceMessaging({
      service: def.name,
      config,
      db: db as Kysely<unknown> | undefined,
      log,
      metrics,
    });
    stopper.push('messaging', () => messaging.stop());

    const ctx: ServiceContext<DB, C> = {
      name: def.name,
      config,
      log,
      db: db ?? (noDatabase(def.name) as unknown as Kysely<DB>),
      bus: messaging.bus,
      scheduler: messaging.scheduler,
      metrics,
      discovery,
      grpcClient: (service, target, opts) => grpcClients.client(service, target, opts),
    };

    const parts: ServiceParts = await def.setup(ctx);

    const checks = (): Record<string, ReadinessCheck> => {
      const list: Record<string, ReadinessCheck> = {
        process: async () => (stopping ? 'stopping' : 'ok'),
        bus: async () => ((await messaging.ready()) ? 'ok' : 'bus not reachable'),
      };
      if (pool) {
        const p = pool;
        list.database = async () => {
          await p.query('select 1');
          return 'ok';
        };
      }
      if (parts.ready) {
        const ready = parts.ready;
        list.service = async () => ((await ready()) ? 'ok' : 'not ready');
      }
      return list;
    };
    const isReady = async () => (await readiness(checks())).ready;

    const tls = def.tls?.(config);
    const app = await createHttpApp({
      name: def.name,
      version: def.version,
      log,
      metrics,
      bodyLimit: def.bodyLimit,
      tls,
    });
    registerOpsRoutes(app, metrics, checks);
    await parts.http?.(app);
    await app.listen({ port: config.httpPort, host: config.host });
    stopper.push('HTTP server', async () => {
      const drained = closeHttpApp(app);
      const giveUp = new AbortController();
      const timedOut = sleep(HTTP_DRAIN_MS, 'timeout' as const, { signal: giveUp.signal }).catch(
        () => 'drained' as const,
      );
      if ((await Promise.race([drained.then(() => 'drained' as const), timedOut])) === 'timeout') {
        log.warn('HTTP drain timed out; closing remaining connections');
        // HTTP/1.1 servers only; an HTTP/2 server's sessions were closed by app.close().
        (app.server as { closeAllConnections?: () => void }).closeAllConnections?.();
        await drained;
      }
      giveUp.abort(); // no timer left behind to keep the process alive
    });
    const scheme = tls ? 'https' : 'http';
    const httpUrl = `${scheme}://${advertisedHost(config.host)}:${(app.server.address() as AddressInfo).port}`;
    log.info({ url: httpUrl }, 'HTTP server listening');

    let grpcServer: GrpcServer | undefined;
    if (parts.grpc) {
      const server = await startGrpcServer({
        host: config.host,
        advertisedHost: advertisedHost(config.host),
        port: config.grpcPort,
        routes: parts.grpc,
        interceptors: [serverMetricsInterceptor(metrics), serverScopeInterceptor()],
        ready: isReady,
        log,
      });
      grpcServer = server;
      stopper.push('gRPC server', () => server.close());
    }

    await messaging.start({
      consumers: parts.consumers ?? [],
      workers: parts.workers ?? [],
      jobs: parts.jobs ?? [],
    });

    const instanceId = `${def.name}-${randomUUID().slice(0, 8)}`;
    await discovery.register({
      name: def.name,
      id: instanceId,
      http: httpUrl,
      grpc: grpcServer?.url,
      healthy: true,
    });
    // Unwound in reverse: deregister, turn /readyz to 503, then onStop ends long-lived streams
    // (which would otherwise block draining) before the servers close.
    if (parts.onStop) stopper.push('onStop', parts.onStop);
    stopper.push('readiness', async () => {
      stopping = true;
    });
    stopper.push('discovery', () => discovery.deregister());

    await parts.onStarted?.();
    log.info({ http: httpUrl, grpc: grpcServer?.url }, 'service started');

    let stopped: Promise<void> | undefined;
    return {
      name: def.name,
      httpUrl,
      grpcUrl: grpcServer?.url,
      ctx,
      stop() {
        stopped ??= (async () => {
          log.info('stopping');
          await stopper.unwind();
          log.info('stopped');
        })();
        return stopped;
      },
    };
  } catch (err) {
    stopping = true;
    await stopper.unwind();
    throw err;
  }
}
