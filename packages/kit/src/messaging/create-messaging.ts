// Assembles a service's messaging: outbox writer, relay, consumers on the chosen transport, dead
// letters, scheduler. createService calls createMessaging once and start/stop around the service's life.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { PgBossScheduler, type JobSpec, type Scheduler } from '../scheduler/index.js';
import { AmqpTransport, type AmqpOptions } from './amqp-transport.js';
import { BusDatabase, type PgBossOptions } from './bus-database.js';
import { DeadLetterStore } from './dead-letters.js';
import { createDispatcher, partitionKeyOf, type Route } from './dispatcher.js';
import { createLanes } from './lanes.js';
import { createMessagingMetrics } from './metrics.js';
import { OutboxWriter, commandQueueOwner } from './outbox.js';
import { OutboxStaging } from './outbox-staging.js';
import { PgBossTransport } from './pgboss-transport.js';
import { OutboxRelay, type RelayOptions } from './relay.js';
import { resolveRetryPolicy, retryDelays } from './retry-policy.js';
import { eventRegistry, type EventRegistry } from './schemas.js';
import { eventQueueName, type Subscription, type Transport } from './transport.js';
import type { Bus, CommandConsumer, EventConsumer, RetryPolicy } from './types.js';
import { sql } from 'kysely';

export interface MessagingConfig {
  /** `pgboss`, or an `amqp://` / `amqps://` URL. */
  bus: string;
  busDatabaseUrl?: string;
  busPrefix: string;
  /** The service's own database URL: lets the relay LISTEN for new outbox rows instead of only polling. */
  databaseUrl?: string;
}

export interface MessagingOptions {
  /** Defaults for every consumer of the service (each onEvent/onCommand may override). */
  retry?: Partial<RetryPolicy>;
  relay?: RelayOptions;
  pgboss?: PgBossOptions;
  amqp?: AmqpOptions;
  /** The schema registry (default: contracts/events). */
  registry?: EventRegistry;
}

export interface CreateMessagingInput {
  service: string;
  config: MessagingConfig;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any> | undefined;
  log: Logger;
  metrics: Registry;
  options?: MessagingOptions;
}

export interface MessagingParts {
  consumers: EventConsumer[];
  workers: CommandConsumer[];
  jobs: JobSpec[];
}

export interface Messaging {
  bus: Bus;
  scheduler: Scheduler;
  /** The broker adapter (tests use it to inject raw deliveries). */
  transport: Transport;
  start(parts: MessagingParts): Promise<void>;
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}

export class MessagingConfigError extends Error {
  override name = 'MessagingConfigError';
}

export async function createMessaging(input: CreateMessagingInput): Promise<Messaging> {
  const { service, config, db, options = {} } = input;
  const log = input.log.child({ component: 'messaging' });
  const registry = options.registry ?? eventRegistry();
  const servicePolicy = resolveRetryPolicy(options.retry);
  const busDb = config.busDatabaseUrl
    ? new BusDatabase(config.busDatabaseUrl, log, options.pgboss)
    : undefined;
  const transport = createTransport(config, busDb, log, options);
  const metrics = createMessagingMetrics(
    input.metrics,
    async () => {
      if (!db) return 0;
      const { rows } = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM kit_outbox WHERE sent_at IS NULL`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
    () => transport.lag(),
  );
  const deadLetters = db ? new DeadLetterStore(db, service) : undefined;
  const relay = db
    ? new OutboxRelay(db, transport, log, metrics, config.databaseUrl, options.relay)
    : undefined;
  const outboxStaging = new OutboxStaging(() => relay?.signalCommitted());
  const writer = new OutboxWriter(service, registry, outboxStaging);
  const scheduler = new PgBossScheduler(service, config.busPrefix, busDb, log);
  let started = false;

  const requireDeadLetters = (): DeadLetterStore => {
    if (!deadLetters)
      throw new MessagingConfigError(`service "${service}" has no database, so no dead letters`);
    return deadLetters;
  };

  const bus: Bus = {
    publish: (tx, event, meta) => writer.publish(tx, event, meta),
    publishMany: (tx, events, meta) => writer.publishMany(tx, events, meta),
    send: (tx, queue, command, meta) => writer.send(tx, queue, command, meta),
    deadLetters: () => requireDeadLetters().list(),
    replayDeadLetter: (id) => requireDeadLetters().replay(id, transport),
    consumerLag: () => transport.lag(),
  };

  return {
    bus,
    scheduler,
    transport,
    async start(parts) {
      const subscriptions = plan(service, parts, servicePolicy);
      if (subscriptions.length > 0 && (!db || !deadLetters)) {
        throw new MessagingConfigError(
          `service "${service}" consumes messages but has no database: the inbox and dead letters need one (add migrations)`,
        );
      }
      scheduler.prepare(parts.jobs);
      await transport.start();
      for (const { subscription, route, lanes, batchSize } of subscriptions) {
        const deps = {
          consumer: service,
          db: db as Kysely<unknown>,
          registry,
          log,
          metrics,
          deadLetters: deadLetters as DeadLetterStore,
          outboxStaging,
          route,
          fallbackPolicy: servicePolicy,
        };
        const handler = createLanes({
          lanes,
          batchSize,
          keyOf: (delivery) => partitionKeyOf(deps, delivery),
          handleBatch: createDispatcher(deps),
        });
        await transport.subscribe(subscription, handler);
      }
      await relay?.start();
      await scheduler.start();
      started = true;
    },
    async ready() {
      if (!started) return false;
      // The bus database matters only when something runs on it (pgboss transport, or jobs).
      const busDbInUse = busDb && (transport.name === 'pgboss' || scheduler.hasJobs);
      const [transportUp, busDbUp] = await Promise.all([
        transport.ready(),
        busDbInUse ? busDb.ready() : true,
      ]);
      return transportUp && busDbUp;
    },
    async stop() {
      started = false;
      // Consumers first (their handlers may still publish), then the relay, then the connections.
      await transport.stopConsuming();
      await scheduler.stop();
      await relay?.stop();
      await transport.close();
      await busDb?.stop();
    },
  };
}

function createTransport(
  config: MessagingConfig,
  busDb: BusDatabase | undefined,
  log: Logger,
  options: MessagingOptions,
): Transport {
  if (config.bus === 'pgboss') {
    if (!busDb) {
      throw new MessagingConfigError(
        'GARRISON_BUS=pgboss needs BUS_DATABASE_URL (the kit-owned bus database)',
      );
    }
    return new PgBossTransport(busDb, config.busPrefix, log);
  }
  if (/^amqps?:\/\//.test(config.bus))
    return new AmqpTransport(config.bus, config.busPrefix, log, options.amqp);
  throw new MessagingConfigError(`GARRISON_BUS must be "pgboss" or an amqp:// URL, got "${config.bus}"`);
}

interface PlannedSubscription {
  subscription: Subscription;
  route: (envelope: { type: string; version: number }) => Route | undefined;
  /** Handler lanes (the consumers' concurrency) and messages per transaction. */
  lanes: number;
  batchSize: number;
}

/**
 * Deliveries the transport hands out at once: two batches per lane, so a lane finds its next batch
 * waiting when it commits one.
 */
function prefetchFor(lanes: number, batchSize: number): number {
  return lanes * batchSize * 2;
}

/** Groups the service's consumers into one queue per producer and one per command queue. */
function plan(service: string, parts: MessagingParts, servicePolicy: RetryPolicy): PlannedSubscription[] {
  const planned: PlannedSubscription[] = [];
  const byProducer = new Map<string, EventConsumer[]>();
  for (const consumer of parts.consumers) {
    const list = byProducer.get(consumer.producer) ?? [];
    if (list.some((c) => c.type === consumer.type)) {
      throw new MessagingConfigError(
        `service "${service}" has two handlers for ${consumer.producer}/${consumer.type}`,
      );
    }
    byProducer.set(consumer.producer, [...list, consumer]);
  }
  for (const c of [...parts.consumers, ...parts.workers]) {
    for (const [name, value] of [
      ['concurrency', c.concurrency ?? 1],
      ['batchSize', c.batchSize ?? 1],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        const what = c.kind === 'event' ? `${c.producer}/${c.type}` : c.queue;
        throw new MessagingConfigError(`${what}: ${name} must be an integer >= 1, got ${value}`);
      }
    }
  }
  for (const [producer, consumers] of byProducer) {
    const routes = new Map(
      consumers.map((c) => [
        c.type,
        {
          consumer: c,
          route: {
            handle: c.handle,
            handleBatch: c.handleBatch,
            policy: resolveRetryPolicy(servicePolicy, c.retry),
            partitionKey: c.partitionKey,
          },
        },
      ]),
    );
    const lanes = Math.max(...consumers.map((c) => c.concurrency ?? 1));
    const batchSize = Math.max(...consumers.map((c) => c.batchSize ?? 1));
    planned.push({
      subscription: {
        queue: eventQueueName(service, producer),
        sources: [{ producer, types: consumers.map((c) => c.type) }],
        prefetch: prefetchFor(lanes, batchSize),
        retryDelaysMs: unionOfDelays([servicePolicy, ...[...routes.values()].map((r) => r.route.policy)]),
      },
      lanes,
      batchSize,
      route: (envelope) => {
        const entry = routes.get(envelope.type);
        return entry && entry.consumer.versions.includes(envelope.version) ? entry.route : undefined;
      },
    });
  }
  const queues = new Set<string>();
  for (const worker of parts.workers) {
    if (commandQueueOwner(worker.queue) !== service) {
      throw new MessagingConfigError(
        `service "${service}" cannot consume ${worker.queue}: a command queue belongs to the service it is named after`,
      );
    }
    if (queues.has(worker.queue)) {
      throw new MessagingConfigError(
        `service "${service}" has two handlers for the command queue ${worker.queue}`,
      );
    }
    queues.add(worker.queue);
    const route: Route = {
      handle: worker.handle,
      policy: resolveRetryPolicy(servicePolicy, worker.retry),
      partitionKey: worker.partitionKey,
    };
    const batchSize = worker.batchSize ?? 1;
    planned.push({
      subscription: {
        queue: worker.queue,
        sources: [],
        prefetch: prefetchFor(worker.concurrency, batchSize),
        retryDelaysMs: unionOfDelays([servicePolicy, route.policy]),
      },
      lanes: worker.concurrency,
      batchSize,
      route: () => route,
    });
  }
  return planned;
}

function unionOfDelays(policies: RetryPolicy[]): number[] {
  return [...new Set(policies.flatMap(retryDelays))].sort((a, b) => a - b);
}
