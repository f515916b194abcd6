// Events through the kit, the way a service moves them: the outbox row is written in the business
// transaction, the relay publishes it (with confirms on RabbitMQ), the consumer dedupes it in its
// inbox inside the handler transaction and acknowledges after commit.
import { readFile, readdir } from 'node:fs/promises';
import pino from 'pino';
import { Registry } from 'prom-client';
import { sql } from 'kysely';
import { EventRegistry } from '@garrison/contracts';
import { createMessaging, messagingMigrationsDir, onEvent } from '@garrison/kit';
import { createKysely, createPool } from '@garrison/kit/postgres';
import { createTestDatabase } from '@garrison/kit/testing';
import type { BusRun } from './types.js';

const PRODUCER = 'kit-test';

async function kitTablesSql(): Promise<string> {
  const files = (await readdir(messagingMigrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  const texts = await Promise.all(files.map((f) => readFile(new URL(f, messagingMigrationsDir), 'utf8')));
  return texts.join('\n');
}

async function kitTables(pool: ReturnType<typeof createPool>): Promise<void> {
  await pool.query(await kitTablesSql());
}

export async function kitPath(opts: {
  bus: 'amqp' | 'pgboss';
  amqpUrl: string;
  events: number;
  /** Events one business transaction publishes (the shuffle publishes thousands; a form post one). */
  perTransaction: number;
}): Promise<BusRun> {
  const prefix = `bench${Date.now().toString(36)}.`;
  let handled = 0;
  // Producer and consumer each own a database, as two services do.
  const producerDatabase = await createTestDatabase('bench_bus_producer');
  const consumerDatabase = await createTestDatabase('bench_bus_consumer');
  const busDatabase = opts.bus === 'pgboss' ? await createTestDatabase('bench_bus') : undefined;
  const producerDb = createKysely(createPool(producerDatabase.url, { max: 8 }));
  const consumerPool = createPool(consumerDatabase.url, { max: 8 });
  const consumerDb = createKysely(consumerPool);
  await kitTables(consumerPool);
  await sql.raw(await kitTablesSql()).execute(producerDb);
  const registry = EventRegistry.load(undefined, [PRODUCER]);
  const log = pino({ level: 'silent' });
  const configOf = (databaseUrl: string) => ({
    bus: opts.bus === 'amqp' ? opts.amqpUrl : 'pgboss',
    busPrefix: prefix,
    databaseUrl,
    ...(busDatabase ? { busDatabaseUrl: busDatabase.url } : {}),
  });
  const consumer = await createMessaging({
    service: 'kit-test-a',
    config: configOf(consumerDatabase.url),
    db: consumerDb,
    log,
    metrics: new Registry(),
    options: { registry },
  });
  await consumer.start({
    consumers: [
      onEvent({
        producer: PRODUCER,
        type: 'widget.created',
        versions: [1],
        concurrency: 4,
        batchSize: 50,
        // The inbox row the kit writes in this transaction is the effect; the count only tells the
        // bench when to look (the raw paths count in process too), the inbox is what is checked.
        async handleBatch(events) {
          handled += events.length;
        },
      }),
    ],
    workers: [],
    jobs: [],
  });
  const producer = await createMessaging({
    service: PRODUCER,
    config: configOf(producerDatabase.url),
    db: producerDb,
    log,
    metrics: new Registry(),
    options: { registry },
  });
  await producer.start({ consumers: [], workers: [], jobs: [] });
  try {
    const started = performance.now();
    for (let seq = 0; seq < opts.events; seq += opts.perTransaction) {
      const batch = Array.from({ length: Math.min(opts.perTransaction, opts.events - seq) }, (_, i) => ({
        type: 'widget.created',
        version: 1,
        data: { widgetId: `w-${seq + i}`, seq: seq + i, name: 'bench widget' },
      }));
      await producerDb.transaction().execute((tx) => producer.bus.publishMany(tx, batch));
    }
    // Done when every event's inbox row is committed (or nothing has moved for 30 s: then some are
    // lost). The handler's count says when to start counting the inbox: polling count(*) all along
    // would load the consumer's database, which the raw paths do not pay.
    const committed = async () =>
      Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM kit_inbox`.execute(consumerDb)).rows[0]?.n ?? 0,
      );
    let delivered = 0;
    let seen = 0;
    let lastProgress = performance.now();
    while (delivered < opts.events && performance.now() - lastProgress < 30_000) {
      await new Promise((r) => setTimeout(r, 2));
      if (handled > seen) lastProgress = performance.now();
      seen = handled;
      if (handled >= opts.events) delivered = await committed();
    }
    if (delivered < opts.events) delivered = await committed();
    const ms = (delivered === opts.events ? performance.now() : lastProgress) - started;
    return {
      path: 'kit',
      bus: opts.bus,
      events: opts.events,
      ms,
      eventsPerSecond: (delivered / ms) * 1000,
      delivered,
      lost: opts.events - delivered,
    };
  } finally {
    await producer.stop();
    await consumer.stop();
    await producerDb.destroy();
    await consumerDb.destroy();
    await producerDatabase.drop();
    await consumerDatabase.drop();
    await busDatabase?.drop();
  }
}
