// Test wiring for the bus contract suite: a "service" here is a database + createMessaging, nothing else.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import type pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { createKysely, createPool } from '../../src/postgres/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/index.js';
import {
  createMessaging,
  type Messaging,
  type MessagingOptions,
  type MessagingParts,
} from '../../src/messaging/index.js';
import { EventRegistry } from '../../src/messaging/schemas.js';
import { resolveRetryPolicy, retryDelays } from '../../src/messaging/retry-policy.js';
import { connect } from 'amqplib';

export const testRegistry = EventRegistry.load(undefined, ['kit-test']);

/** Fast timings so the suite stays short; production defaults are slower and gentler. */
export const fastOptions: MessagingOptions = {
  registry: testRegistry,
  retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
  relay: { pollIntervalMs: 200 },
  pgboss: {
    pollIntervalMs: 100,
    expireInSeconds: 3,
    maintenanceIntervalSeconds: 1,
    poolSize: 4,
    cronMonitorIntervalSeconds: 1,
  },
  amqp: { initialDelayMs: 50, maxDelayMs: 500 },
};

const kitTablesSql = readFileSync(
  new URL('../../src/messaging/migrations/001_outbox_inbox.sql', import.meta.url),
  'utf8',
);

/** A service database with the kit's tables and a table where test handlers record their effects. */
export interface ServiceDatabase extends TestDatabase {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  pool: pg.Pool;
  /** Empties the kit's tables and the effects, for the next case. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createServiceDatabase(label: string): Promise<ServiceDatabase> {
  const database = await createTestDatabase(`bus_${label}`);
  const pool = createPool(database.url, { max: 8 });
  await pool.query(kitTablesSql);
  await pool.query(`CREATE TABLE test_effects (
    n bigserial PRIMARY KEY, consumer text NOT NULL, instance text NOT NULL, message_id uuid NOT NULL,
    type text NOT NULL, version int NOT NULL, data jsonb NOT NULL)`);
  const db = createKysely(pool);
  return {
    ...database,
    db,
    pool,
    async reset() {
      await pool.query('TRUNCATE kit_outbox, kit_inbox, kit_dead_letters, test_effects');
    },
    async drop() {
      await db.destroy();
      await database.drop();
    },
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}

export interface Effect {
  consumer: string;
  instance: string;
  message_id: string;
  type: string;
  version: number;
  data: Record<string, unknown>;
}

export async function effectsIn(database: ServiceDatabase): Promise<Effect[]> {
  const { rows } = await database.pool.query<Effect>(
    'SELECT consumer, instance, message_id, type, version, data FROM test_effects ORDER BY n',
  );
  return rows;
}

/** The handler side of a test: records that `instance` of `consumer` handled the message, in the handler's tx. */
export async function recordEffect(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tx: Kysely<any>,
  consumer: string,
  instance: string,
  message: { id: string; type: string; version: number; data: unknown },
): Promise<void> {
  await sql`INSERT INTO test_effects (consumer, instance, message_id, type, version, data)
    VALUES (${consumer}, ${instance}, ${message.id}, ${message.type}, ${message.version}, ${JSON.stringify(message.data)}::jsonb)`.execute(
    tx,
  );
}

export interface BusSetup {
  bus: string;
  busDatabaseUrl?: string;
  busPrefix: string;
}

export interface TestNode {
  messaging: Messaging;
  metrics: Registry;
  stop(): Promise<void>;
}

export async function startNode(
  service: string,
  database: ServiceDatabase | undefined,
  setup: BusSetup,
  parts: Partial<MessagingParts> = {},
  options: MessagingOptions = {},
): Promise<TestNode> {
  const metrics = new Registry();
  const messaging = await createMessaging({
    service,
    config: { ...setup, databaseUrl: database?.url },
    db: database?.db,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    metrics,
    options: { ...fastOptions, ...options },
  });
  await messaging.start({ consumers: [], workers: [], jobs: [], ...parts });
  return { messaging, metrics, stop: () => messaging.stop() };
}

export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}.`;
}

/** How many deliveries ended with `outcome` (from bus_handler_duration_seconds). */
export async function handledCount(metrics: Registry, outcome: string): Promise<number> {
  const metric = await metrics.getSingleMetric('bus_handler_duration_seconds')?.get();
  return (metric?.values ?? [])
    .filter(
      (v) =>
        (v as { metricName?: string }).metricName === 'bus_handler_duration_seconds_count' &&
        v.labels['outcome'] === outcome,
    )
    .reduce((sum, v) => sum + v.value, 0);
}

/** Messaging that is built but not started: enough to write to the outbox. */
export async function startNodeWithoutStart(
  service: string,
  database: ServiceDatabase,
  metrics = new Registry(),
): Promise<Messaging> {
  return createMessaging({
    service,
    config: { bus: 'amqp://unused.invalid', busPrefix: 'unused.' },
    db: database.db,
    log: pino({ level: 'silent' }),
    metrics,
    options: fastOptions,
  });
}

/** Removes what a contract-suite case declared on RabbitMQ (its names all start with the case's prefix). */
export async function deleteAmqpTopology(url: string, prefix: string): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    const delays = retryDelays(resolveRetryPolicy(fastOptions.retry));
    const baseQueues = ['kit-test-a.kit-test.events', 'kit-test-b.kit-test.events', 'kit-test.paint'];
    for (const base of baseQueues) {
      for (const suffix of ['', '.dlq', ...delays.map((d) => `.retry.${d}ms`)]) {
        await channel.deleteQueue(`${prefix}${base}${suffix}`);
      }
    }
    await channel.deleteExchange(`${prefix}kit-test.events`);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** Reads (and puts back) the messages waiting in a RabbitMQ queue. */
export async function peekAmqpQueue(
  url: string,
  queue: string,
): Promise<Array<{ headers: Record<string, unknown>; body: unknown }>> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    const seen: Array<{ headers: Record<string, unknown>; body: unknown }> = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      seen.push({ headers: message.properties.headers ?? {}, body: JSON.parse(message.content.toString()) });
    }
    await channel.close(); // unacked messages return to the queue
    return seen;
  } finally {
    await connection.close();
  }
}

/** The sum of a counter over all its labels. */
export async function counterTotal(node: TestNode, name: string): Promise<number> {
  const metric = await node.metrics.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}
