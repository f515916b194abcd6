import type { DescService } from '@bufbuild/protobuf';
import type { Client, ConnectRouter } from '@connectrpc/connect';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ReadCacheStore } from '../cache/store.js';
import type { BaseConfig } from '../config/base-config.js';
import type { ConfigDefinition, ConfigValues } from '../config/define-config.js';
import type { Discovery } from '../discovery/discovery.js';
import type { GrpcClientOptions } from '../grpc/client.js';
import type { HttpApp, TlsOptions } from '../http/app.js';
import type { RevocationList } from '../identity/revocations.js';
import type { Bus, CommandConsumer, EventConsumer } from '../messaging/types.js';
import type { JobSpec, Scheduler } from '../scheduler/index.js';

/** Everything a service's code gets from the kit. `C` is `typeof config` (or a plain values type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ServiceContext<DB = any, C = unknown> {
  name: string;
  /** This process's id in discovery, e.g. `battles-1a2b3c4d`. */
  instanceId: string;
  config: ConfigValues<C> & BaseConfig;
  log: Logger;
  /** The service's database; accessing it in a service without a database throws. */
  db: Kysely<DB>;
  /**
   * Reads that may lag a little (dashboards, reports): the replica at DATABASE_READ_URL when set,
   * otherwise the same as `db`. Never write through it.
   */
  dbRead: Kysely<DB>;
  /** Where `cacheReads(app, ctx)` keeps answers for stale-if-error (Redis or memory). */
  cache: ReadCacheStore;
  /** publish/send through the transactional outbox. */
  bus: Bus;
  /** One-off jobs: `ctx.scheduler.runAt(name, date, data)` runs job `name` once across instances. */
  scheduler: Scheduler;
  /** The service's registry; RED metrics for HTTP, RPC and handlers are recorded automatically. */
  metrics: Registry;
  discovery: Discovery;
  /**
   * Users whose earlier access tokens were revoked (deactivated, a role removed), fed by auth
   * (ADR 153): e.g. `ctx.revocations.onRevoked(r => closeSocketsOf(r.userId))`.
   */
  revocations: RevocationList;
  /** A client of `target`'s gRPC service, resolved through discovery (deadline 2 s, idempotent retries). */
  grpcClient<S extends DescService>(service: S, target: string, opts?: GrpcClientOptions): Client<S>;
}

/** What `setup` returns: the service's entry points. Every field is optional. */
export interface ServiceParts {
  /** Registers routes on the Fastify app (TypeBox schemas → validation + OpenAPI). */
  http?: (app: HttpApp) => void | Promise<void>;
  /** Registers gRPC services; the server (h2c on GRPC_PORT) starts only when this is given. */
  grpc?: (router: ConnectRouter) => void;
  consumers?: EventConsumer[];
  workers?: CommandConsumer[];
  jobs?: JobSpec[];
  /** An extra readiness check (e.g. a required upstream); `/readyz` is 503 while it returns false. */
  ready?: () => Promise<boolean>;
  /** Runs once everything listens and is registered (e.g. bootstrap data). */
  onStarted?: () => Promise<void>;
  /** Runs first on stop, while the database and bus still work: close streams, timers, sockets. */
  onStop?: () => Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ServiceDefinition<DB = any, C = unknown> {
  /** One name everywhere: folder, package, database, exchange, metrics job. */
  name: string;
  version?: string;
  /** The service's own config keys; merged with baseConfig. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  config?: C extends ConfigDefinition<any> ? C : ConfigDefinition<any>;
  /** Folder of `NNN_name.sql` files, applied in order at start, once. Requires DATABASE_URL. */
  migrations?: URL | string;
  /** Largest HTTP request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /**
   * The service's HTTP port is public (the gateway): `/metrics` is then served only on a separate
   * internal listener (METRICS_PORT on METRICS_HOST), never on the public port.
   */
  publicPort?: boolean;
  /**
   * Handlers call other services with the caller's identity, trace and deadline, carried by a request
   * scope (AsyncLocalStorage). Default true. A service whose handlers make no such calls (the gateway,
   * which proxies) turns it off: an AsyncLocalStorage in use makes every promise pay for async hooks.
   */
  requestScope?: boolean;
  /**
   * HTTPS with HTTP/2 (and HTTP/1.1 fallback) when this returns key + cert, e.g. read from the
   * service's config; plain HTTP/1.1 when absent or undefined. The public gateway uses it.
   */
  tls?: (config: ConfigValues<C> & BaseConfig) => TlsOptions | undefined;
  setup(ctx: ServiceContext<DB, C>): ServiceParts | Promise<ServiceParts>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface RunningService<DB = any, C = any> {
  name: string;
  httpUrl: string;
  grpcUrl?: string;
  /** Where `/metrics` is served: the HTTP port itself, or the internal listener of a public service. */
  metricsUrl: string;
  ctx: ServiceContext<DB, C>;
  /** Graceful stop; safe to call more than once. */
  stop(): Promise<void>;
}
