import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { baseConfig, crossCheckBaseConfig, type BaseConfig } from '../config/base-config.js';
import { ConfigError, type ConfigValues, type Env } from '../config/define-config.js';
import { createDiscovery, parseDiscoverySpec } from '../discovery/create-discovery.js';
import type { Discovery } from '../discovery/discovery.js';
import { GrpcClients } from '../grpc/client.js';
import { serverScopeInterceptor } from '../grpc/context.js';
import { serverMetricsInterceptor } from '../grpc/metrics.js';
import { startGrpcServer, type GrpcServer } from '../grpc/server.js';
import { createReadCacheStore } from '../cache/store.js';
import { createHttpApp } from '../http/app.js';
import { RevocationList, startRevocationPoller } from '../identity/revocations.js';
import { authUrl, createIdentityGuard } from './identity-setup.js';
import { beginLeaving, closeHttpApp } from '../http/draining.js';
import { createKysely, createPool } from '../postgres/database.js';
import { runMigrations, type MigrationSource } from '../postgres/migrations.js';
import { registerPoolMetrics } from '../postgres/pool-metrics.js';
import { createLogger } from '../telemetry/logger.js';
import { createMetricsRegistry } from '../telemetry/metrics.js';
import { startTracing } from '../telemetry/tracing.js';
import { messagingMigrationsDir } from '../messaging/index.js';
import { createServiceMessaging, type ServiceMessaging } from './messaging-seam.js';
import { registerOpsRoutes, readiness, startInternalMetrics, type ReadinessCheck } from './ops-routes.js';
import type { RunningService, ServiceContext, ServiceDefinition, ServiceParts } from './types.js';

const HTTP_DRAIN_MS = 10_000;
/**
 * After leaving a watched registry, callers learn it within milliseconds; a request already routed
 * here in that moment still finds the server accepting.
 */
const DEREGISTER_GRACE_MS = 1_000;

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
  const instanceId = `${def.name}-${randomUUID().slice(0, 8)}`;

  try {
    const tracing = await startTracing(def.name, config.otlpEndpoint, log);
    stopper.push('tracing', () => tracing.stop());
    const metrics = createMetricsRegistry();

    let pool: pg.Pool | undefined;
    let db: Kysely<DB> | undefined;
    let dbRead: Kysely<DB> | undefined;
    if (config.databaseUrl) {
      const p = createPool(config.databaseUrl, { applicationName: def.name });
      pool = p;
      stopper.push('database pool', () => p.end());
      registerPoolMetrics(p, metrics);
      db = createKysely<DB>(p);
      if (config.databaseReadUrl) {
        const replica = createPool(config.databaseReadUrl, { applicationName: `${def.name}-read` });
        stopper.push('read replica pool', () => replica.end());
        dbRead = createKysely<DB>(replica);
      }
      // The kit's own tables (outbox, inbox, dead letters) first, then the service's.
      const sources: MigrationSource[] = [{ dir: messagingMigrationsDir, prefix: 'kit/' }];
      if (def.migrations) sources.push({ dir: def.migrations });
      await runMigrations(p, sources, log);
    }

    const discoverySpec = parseDiscoverySpec(config.discovery);
    if (typeof discoverySpec === 'string') throw new ConfigError([discoverySpec]);
    const discovery: Discovery = await createDiscovery(discoverySpec, config.services, log);
    // Closed late: the service still calls others while it drains.
    stopper.push('discovery', () => discovery.close());
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

    const cache = createReadCacheStore(def.name, config.cacheRedisUrl, log);
    stopper.push('read cache', () => cache.close());

    // Every request's access token is verified here, not taken on the gateway's word (ADR 152); the
    // gateway, whose port is public, authenticates at the edge with its own verifier.
    const own: { httpUrl?: string } = {}; // set once listening: auth verifies against its own JWKS
    const self = () => (def.name === 'auth' ? own.httpUrl : undefined);
    const identity = def.publicPort ? undefined : createIdentityGuard(config, discovery, log, self);
    if (identity) {
      const poller = startRevocationPoller({
        list: identity.revocations,
        feedUrl: () => authUrl(discovery, '/internal/revocations', self),
        intervalMs: config.revocationPollMs,
        log,
      });
      stopper.push('revocation feed', async () => poller.stop());
    }

    const ctx: ServiceContext<DB, C> = {
      name: def.name,
      instanceId,
      config,
      log,
      db: db ?? (noDatabase(def.name) as unknown as Kysely<DB>),
      dbRead: dbRead ?? db ?? (noDatabase(def.name) as unknown as Kysely<DB>),
      cache,
      bus: messaging.bus,
      scheduler: messaging.scheduler,
      metrics,
      discovery,
      revocations: identity?.revocations ?? new RevocationList(),
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
      identity,
      requestScope: def.requestScope ?? true,
    });
    registerOpsRoutes(app, metrics, checks, !def.publicPort);
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
    own.httpUrl = `${scheme}://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${(app.server.address() as AddressInfo).port}`;
    let metricsUrl = `${httpUrl}/metrics`;
    if (def.publicPort) {
      const internal = await startInternalMetrics(metrics, {
        host: config.metricsHost,
        port: config.metricsPort,
      });
      metricsUrl = internal.url;
      stopper.push('metrics listener', () => internal.close());
      log.info({ url: metricsUrl }, 'metrics served on the internal listener only');
    }

    let grpcServer: GrpcServer | undefined;
    if (parts.grpc) {
      const server = await startGrpcServer({
        host: config.host,
        advertisedHost: advertisedHost(config.host),
        port: config.grpcPort,
        routes: parts.grpc,
        interceptors: [serverMetricsInterceptor(metrics), serverScopeInterceptor(identity)],
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

    await discovery.register({
      name: def.name,
      id: instanceId,
      ...(def.version ? { version: def.version } : {}),
      http: httpUrl,
      ...(grpcServer?.url ? { grpc: grpcServer.url } : {}),
      startedAt: new Date().toISOString(),
      healthy: true,
    });
    // Readiness going false (database or bus lost) takes the instance out of discovery; back when ready.
    const readinessTimer = setInterval(() => {
      if (stopping) return;
      isReady()
        .then((ready) => (stopping ? undefined : discovery.setAvailable(ready)))
        .catch((err: unknown) => log.warn({ err }, 'readiness check failed'));
    }, config.readinessIntervalMs);
    readinessTimer.unref();
    // Unwound in reverse — the graceful stop order: /readyz turns 503 and the instance leaves
    // discovery (callers stop routing here), then onStop ends long-lived streams (which would otherwise
    // block draining), then the servers stop accepting and drain, then consumers finish in-flight messages.
    if (parts.onStop) stopper.push('onStop', parts.onStop);
    stopper.push('deregister', async () => {
      await discovery.deregister();
      if (discoverySpec.kind !== 'static') {
        beginLeaving(app);
        await sleep(DEREGISTER_GRACE_MS);
      }
    });
    stopper.push('readiness', async () => {
      stopping = true;
      clearInterval(readinessTimer);
    });

    await parts.onStarted?.();
    log.info({ http: httpUrl, grpc: grpcServer?.url }, 'service started');

    let stopped: Promise<void> | undefined;
    return {
      name: def.name,
      httpUrl,
      grpcUrl: grpcServer?.url,
      metricsUrl,
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
