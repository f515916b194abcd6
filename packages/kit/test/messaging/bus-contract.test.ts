// The bus contract: the same cases, word for word, against both transports — pg-boss on a real
// PostgreSQL and RabbitMQ on a real broker. Services here are a database + createMessaging.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { connect } from 'amqplib';
import { sql } from 'kysely';

import {
  needsPostgres,
  needsRabbit,
  createTestDatabase,
  type TestDatabase,
  waitFor,
} from '../../src/testing/index.js';
import { onCommand, onEvent, type EventEnvelope } from '../../src/messaging/index.js';
import { uuidv7 } from '../../src/messaging/envelope.js';
import {
  counterTotal,
  createServiceDatabase,
  deleteAmqpTopology,
  effectsIn,
  peekAmqpQueue,
  handledCount,
  recordEffect,
  startNode,
  uniquePrefix,
  type BusSetup,
  type ServiceDatabase,
  type TestNode,
} from './harness.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const postgres = await needsPostgres();
const rabbit = await needsRabbit();

type TransportName = 'pgboss' | 'amqp';
interface Widget {
  widgetId: string;
  seq: number;
  name: string;
}

describe.each<TransportName>(['pgboss', 'amqp'])('bus contract on %s', (transport) => {
  const available = transport === 'amqp' ? Boolean(postgres && rabbit) : Boolean(postgres);
  if (!available) {
    it.skip(`skipped: ${transport === 'amqp' ? 'RabbitMQ or PostgreSQL' : 'PostgreSQL'} not reachable`, () => {});
    return;
  }

  let busDatabase: TestDatabase | undefined;
  let proxy: TcpProxy | undefined;
  // Three service databases for the whole run (creating databases is the slow part); emptied after each case.
  let producerDb: ServiceDatabase;
  let aDb: ServiceDatabase;
  let bDb: ServiceDatabase;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    [producerDb, aDb, bDb] = await Promise.all([
      createServiceDatabase('producer'),
      createServiceDatabase('a'),
      createServiceDatabase('b'),
    ]);
    if (transport === 'pgboss') {
      busDatabase = await createTestDatabase('bus');
    } else {
      const target = new URL(rabbit!.url);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5672));
    }
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await Promise.all([producerDb, aDb, bDb].map((d) => d.reset()));
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([producerDb, aDb, bDb, busDatabase].map((d) => d?.drop()));
  });

  /** An isolated system per case: its own prefix for every queue and exchange (removed afterwards). */
  function busSetup(): BusSetup {
    const busPrefix = uniquePrefix();
    if (transport === 'pgboss') return { bus: 'pgboss', busDatabaseUrl: busDatabase!.url, busPrefix };
    cleanups.unshift(() => deleteAmqpTopology(rabbit!.url, busPrefix)); // runs last, after the nodes stopped
    const url = new URL(rabbit!.url);
    url.port = String(proxy!.port);
    return { bus: url.toString().replace(/\/$/, ''), busPrefix };
  }

  async function node(...args: Parameters<typeof startNode>): Promise<TestNode> {
    const started = await startNode(...args);
    cleanups.push(() => started.stop());
    return started;
  }

  /** A consumer service that records every widget.created it handles. */
  function recordWidgets(consumer: string, instance: string, versions = [1], fail?: (w: Widget) => boolean) {
    return onEvent<Widget>({
      producer: 'kit-test',
      type: 'widget.created',
      versions,
      async handle(event, tx) {
        if (fail?.(event.data)) throw new Error(`widget ${event.data.widgetId} is poisoned`);
        await recordEffect(tx, consumer, instance, event);
      },
    });
  }

  async function publishWidgets(
    producer: TestNode,
    db: ServiceDatabase,
    seqs: number[],
  ): Promise<EventEnvelope[]> {
    return db.db.transaction().execute(async (tx) => {
      const sent: EventEnvelope[] = [];
      for (const seq of seqs) {
        const data = { widgetId: `w-${seq}`, seq, name: `widget ${seq}` };
        sent.push(await producer.messaging.bus.publish(tx, { type: 'widget.created', version: 1, data }));
      }
      return sent;
    });
  }

  function envelopeOf(data: unknown, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
    const id = uuidv7();
    return {
      id,
      type: 'widget.created',
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'kit-test',
      correlationId: id,
      causationId: null,
      data,
      ...overrides,
    };
  }

  it('when a producer publishes, then each of two consumer services handles every event exactly once', async () => {
    const setup = busSetup();
    await node('kit-test-a', aDb, setup, { consumers: [recordWidgets('kit-test-a', 'a1')] });
    await node('kit-test-b', bDb, setup, { consumers: [recordWidgets('kit-test-b', 'b1', [1, 2])] });
    const producer = await node('kit-test', producerDb, setup);

    const sent = await publishWidgets(producer, producerDb, [1, 2, 3]);
    const v2 = await producerDb.db.transaction().execute((tx) =>
      producer.messaging.bus.publish(tx, {
        type: 'widget.created',
        version: 2,
        data: { widgetId: 'w-4', seq: 4, label: 'side by side' },
      }),
    );

    await waitFor(async () => (await effectsIn(aDb)).length >= 3 && (await effectsIn(bDb)).length >= 4, {
      timeoutMs: 10_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for any duplicate to show up
    const a = await effectsIn(aDb);
    const b = await effectsIn(bDb);
    expect(a.map((e) => e.message_id)).toEqual(sent.map((e) => e.id));
    expect(b.map((e) => e.message_id).sort()).toEqual([...sent.map((e) => e.id), v2.id].sort());
    expect(a[0]).toMatchObject({ type: 'widget.created', version: 1, data: { widgetId: 'w-1', seq: 1 } });
  });

  it('when a consumer is held up, then bus_consumer_lag_messages and bus.consumerLag() count its waiting events, and fall to 0 once they are handled', async () => {
    const setup = busSetup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = await node('kit-test-a', aDb, setup, {
      consumers: [
        onEvent<Widget>({
          producer: 'kit-test',
          type: 'widget.created',
          versions: [1],
          async handle(event, tx) {
            await gate;
            await recordEffect(tx, 'kit-test-a', 'a1', event);
          },
        }),
      ],
    });
    const producer = await node('kit-test', producerDb, setup);
    const lagMetric = async () => {
      const metric = await consumer.metrics.getSingleMetric('bus_consumer_lag_messages')!.get();
      return metric.values.find((v) => v.labels.queue === 'kit-test-a.kit-test.events')?.value;
    };

    await publishWidgets(producer, producerDb, [1, 2, 3, 4, 5]);
    await waitFor(async () => (await lagMetric()) === 5, { timeoutMs: 10_000, message: 'lag 5 on /metrics' });
    expect(await consumer.messaging.bus.consumerLag()).toEqual([
      expect.objectContaining({ queue: 'kit-test-a.kit-test.events', messages: 5 }),
    ]);

    release();
    await waitFor(async () => (await effectsIn(aDb)).length === 5, { timeoutMs: 10_000 });
    await waitFor(async () => (await lagMetric()) === 0, { timeoutMs: 10_000, message: 'lag back to 0' });
  });

  it('when two instances consume one command queue, then they share the work and run each command once', async () => {
    const setup = busSetup();
    const [workerDb, senderDb] = [aDb, producerDb];
    const paint = (instance: string) =>
      onCommand<{ widgetId: string; color: string }>({
        queue: 'kit-test.paint',
        concurrency: 2,
        async handle(command, tx) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          await recordEffect(tx, 'kit-test', instance, command);
        },
      });
    await node('kit-test', workerDb, setup, { workers: [paint('i1')] });
    await node('kit-test', workerDb, setup, { workers: [paint('i2')] });
    const sender = await node('kit-test-sender', senderDb, setup);

    const count = 24;
    const sent = await senderDb.db.transaction().execute(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const command = { type: 'widget.paint', data: { widgetId: `w-${i}`, color: 'red' } };
        ids.push((await sender.messaging.bus.send(tx, 'kit-test.paint', command)).id);
      }
      return ids;
    });

    await waitFor(async () => (await effectsIn(workerDb)).length >= count, { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const effects = await effectsIn(workerDb);
    expect(effects.map((e) => e.message_id).sort()).toEqual([...sent].sort());
    expect(effects.filter((e) => e.instance === 'i1').length).toBeGreaterThan(0);
    expect(effects.filter((e) => e.instance === 'i2').length).toBeGreaterThan(0);
  });

  it('when the same envelope is delivered twice, then the handler effect happens once', async () => {
    const setup = busSetup();
    const consumer = await node('kit-test-a', aDb, setup, { consumers: [recordWidgets('kit-test-a', 'a1')] });
    const producer = await node('kit-test', producerDb, setup);

    const envelope = envelopeOf({ widgetId: 'w-dup', seq: 1, name: 'twice' });
    const publication = {
      to: { kind: 'event' as const, producer: 'kit-test', type: 'widget.created' },
      message: { envelope, headers: {} },
    };
    await producer.messaging.transport.publish([publication]);
    await producer.messaging.transport.publish([publication]);

    await waitFor(async () => (await handledCount(consumer.metrics, 'duplicate')) === 1, {
      timeoutMs: 10_000,
    });
    const effects = await effectsIn(aDb);
    expect(effects.map((e) => e.message_id)).toEqual([envelope.id]);
    expect(await handledCount(consumer.metrics, 'ok')).toBe(1);
  });

  it('when messages are poisoned, then they land in the dead letters with their reason and can be replayed', async () => {
    const setup = busSetup();
    let poisoned = true;
    const consumer = await node('kit-test-a', aDb, setup, {
      consumers: [recordWidgets('kit-test-a', 'a1', [1], (w) => poisoned && w.widgetId === 'w-bad')],
    });
    const producer = await node('kit-test', producerDb, setup);

    // Schema-invalid data can only arrive from outside the kit (publish validates): inject it raw.
    const invalid = envelopeOf({ widgetId: 'w-invalid', seq: 'not a number', name: 'x' });
    await producer.messaging.transport.publish([
      {
        to: { kind: 'event', producer: 'kit-test', type: 'widget.created' },
        message: { envelope: invalid, headers: {} },
      },
    ]);
    const [bad, good] = await producerDb.db.transaction().execute(async (tx) => [
      await producer.messaging.bus.publish(tx, {
        type: 'widget.created',
        version: 1,
        data: { widgetId: 'w-bad', seq: 1, name: 'bad' },
      }),
      await producer.messaging.bus.publish(tx, {
        type: 'widget.created',
        version: 1,
        data: { widgetId: 'w-good', seq: 2, name: 'good' },
      }),
    ]);

    await waitFor(async () => (await consumer.messaging.bus.deadLetters()).length === 2, {
      timeoutMs: 15_000,
    });
    const letters = await consumer.messaging.bus.deadLetters();
    const schemaLetter = letters.find((l) => (l.envelope as EventEnvelope).id === invalid.id);
    const failedLetter = letters.find((l) => (l.envelope as EventEnvelope).id === bad!.id);
    expect(schemaLetter).toMatchObject({ consumer: 'kit-test-a', attempts: 1 });
    expect(schemaLetter!.reason).toMatch(/^schema: widget\.created v1: \/seq must be integer/);
    expect(failedLetter).toMatchObject({
      consumer: 'kit-test-a',
      attempts: 3,
      reason: 'widget w-bad is poisoned',
    });
    expect((await effectsIn(aDb)).map((e) => e.message_id)).toEqual([good!.id]);
    if (transport === 'amqp') {
      // RabbitMQ keeps a copy of each dead letter in <queue>.dlq, the reason in a header, for broker-side tools.
      const copies = await peekAmqpQueue(rabbit!.url, `${setup.busPrefix}kit-test-a.kit-test.events.dlq`);
      expect(copies.map((c) => c.headers['x-garrison-dead-letter-reason']).sort()).toEqual(
        [schemaLetter!.reason, failedLetter!.reason].sort(),
      );
    }

    poisoned = false;
    await consumer.messaging.bus.replayDeadLetter(failedLetter!.id);
    await waitFor(async () => (await effectsIn(aDb)).length === 2, { timeoutMs: 10_000 });
    expect((await effectsIn(aDb)).map((e) => e.message_id)).toEqual([good!.id, bad!.id]);
    expect((await consumer.messaging.bus.deadLetters()).map((l) => l.id)).toEqual([schemaLetter!.id]);
  });

  it('when a batch holds a poison message, then it alone is dead-lettered and every other message takes effect once', async () => {
    const setup = busSetup();
    const consumer = await node('kit-test-a', aDb, setup, {
      consumers: [
        onEvent<Widget>({
          producer: 'kit-test',
          type: 'widget.created',
          versions: [1],
          concurrency: 2,
          batchSize: 10,
          partitionKey: (event) => `k${event.data.seq % 3}`,
          async handle(event, tx) {
            if (event.data.widgetId === 'w-bad') throw new Error('widget w-bad is poisoned');
            // the effect names its transaction, to see that messages shared one
            await sql`INSERT INTO test_effects (consumer, instance, message_id, type, version, data)
              VALUES ('kit-test-a', 'a1', ${event.id}, ${event.type}, ${event.version},
                      jsonb_build_object('txid', txid_current()::text))`.execute(tx);
          },
        }),
      ],
    });
    const producer = await node('kit-test', producerDb, setup);
    const sent = await producerDb.db.transaction().execute(async (tx) =>
      producer.messaging.bus.publishMany(
        tx,
        range(0, 30).map((seq) => ({
          type: 'widget.created',
          version: 1,
          data: { widgetId: seq === 13 ? 'w-bad' : `w-${seq}`, seq, name: `widget ${seq}` },
        })),
      ),
    );
    const poison = sent[13]!;
    const good = sent.filter((e) => e.id !== poison.id).map((e) => e.id);

    await waitFor(async () => (await consumer.messaging.bus.deadLetters()).length === 1, {
      timeoutMs: 15_000,
    });
    await waitFor(async () => (await effectsIn(aDb)).length >= good.length, { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for any duplicate to show up
    const [letter] = await consumer.messaging.bus.deadLetters();
    expect(letter).toMatchObject({ attempts: 3, reason: 'widget w-bad is poisoned' });
    expect((letter!.envelope as EventEnvelope).id).toBe(poison.id);
    const effects = await effectsIn(aDb);
    expect(effects.map((e) => e.message_id).sort()).toEqual([...good].sort());
    const perTransaction = new Map<unknown, number>();
    for (const e of effects) perTransaction.set(e.data.txid, (perTransaction.get(e.data.txid) ?? 0) + 1);
    expect(Math.max(...perTransaction.values())).toBeGreaterThan(1);
  });

  it('when two producer instances relay the same outbox, then every event is published once, in order', async () => {
    const setup = busSetup();
    await node('kit-test-a', aDb, setup, { consumers: [recordWidgets('kit-test-a', 'a1')] });
    const producers = [await node('kit-test', producerDb, setup), await node('kit-test', producerDb, setup)];

    const sent: EventEnvelope[] = [];
    for (let batch = 0; batch < 5; batch++) {
      sent.push(...(await publishWidgets(producers[batch % 2]!, producerDb, range(batch * 8, 8))));
    }

    await waitFor(async () => (await effectsIn(aDb)).length >= sent.length, { timeoutMs: 15_000 });
    const published = await Promise.all(producers.map((p) => counterTotal(p, 'bus_published_total')));
    expect(published[0]! + published[1]!).toBe(sent.length);
    expect((await effectsIn(aDb)).map((e) => e.message_id)).toEqual(sent.map((e) => e.id));
  });

  it('when the publishing transaction rolls back, then nothing is sent', async () => {
    const setup = busSetup();
    await node('kit-test-a', aDb, setup, { consumers: [recordWidgets('kit-test-a', 'a1')] });
    const producer = await node('kit-test', producerDb, setup);

    let rolledBack: EventEnvelope | undefined;
    await expect(
      producerDb.db.transaction().execute(async (tx) => {
        rolledBack = await producer.messaging.bus.publish(tx, {
          type: 'widget.created',
          version: 1,
          data: { widgetId: 'w-never', seq: 1, name: 'never' },
        });
        throw new Error('business rule broken');
      }),
    ).rejects.toThrow('business rule broken');
    const [committed] = await publishWidgets(producer, producerDb, [2]);

    // The relay publishes in outbox order, so once the later event arrived the earlier one would have too.
    await waitFor(async () => (await effectsIn(aDb)).length >= 1, { timeoutMs: 10_000 });
    expect((await effectsIn(aDb)).map((e) => e.message_id)).toEqual([committed!.id]);
    const { rows } = await producerDb.pool.query('SELECT id FROM kit_outbox WHERE id = $1', [rolledBack!.id]);
    expect(rows).toEqual([]);
  });

  it('when the broker connections drop mid-stream, then every event still arrives exactly once in effect', async () => {
    const setup = busSetup();
    const consumer = await node('kit-test-a', aDb, setup, { consumers: [recordWidgets('kit-test-a', 'a1')] });
    const producer = await node('kit-test', producerDb, setup);

    const sent: EventEnvelope[] = [];
    const batches = 8;
    for (let batch = 0; batch < batches; batch++) {
      sent.push(...(await publishWidgets(producer, producerDb, range(batch * 10, 10))));
      if (batch === 2 || batch === 5) await dropBrokerConnections(setup);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }

    await waitFor(async () => (await effectsIn(aDb)).length >= sent.length, { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const handled = (await effectsIn(aDb)).map((e) => e.message_id);
    expect(handled.length).toBe(sent.length);
    expect(new Set(handled)).toEqual(new Set(sent.map((e) => e.id)));
    expect(await consumer.messaging.ready()).toBe(true);
  });

  it('when a consumer is down while events are published, and one instance dies holding a message, then a restarted instance handles everything once', async () => {
    const setup = busSetup();
    const first = await node('kit-test-a', aDb, setup, { consumers: [recordWidgets('kit-test-a', 'a1')] });
    await first.stop(); // its queue and subscriptions stay; events now wait for it
    const producer = await node('kit-test', producerDb, setup);
    const sent = await publishWidgets(producer, producerDb, [1, 2, 3]);

    const queue = `${setup.busPrefix}kit-test-a.kit-test.events`;
    await waitFor(async () => (await takeAndDie(setup, queue)) === true, { timeoutMs: 10_000 });

    await node('kit-test-a', aDb, setup, { consumers: [recordWidgets('kit-test-a', 'a2')] });
    await waitFor(async () => (await effectsIn(aDb)).length >= sent.length, { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await effectsIn(aDb)).map((e) => e.message_id).sort()).toEqual(sent.map((e) => e.id).sort());
  });

  /**
   * A consumer process that received a message and crashed before acking: on RabbitMQ its connection
   * closes with the message unacked; on pg-boss the job stays active until it expires.
   */
  async function takeAndDie(setup: BusSetup, queue: string): Promise<boolean> {
    if (transport === 'amqp') {
      const connection = await connect(rabbit!.url);
      const channel = await connection.createChannel();
      const message = await channel.get(queue, { noAck: false });
      await connection.close();
      return message !== false;
    }
    const boss = new PgBoss({ connectionString: setup.busDatabaseUrl, supervise: false, schedule: false });
    await boss.start();
    const jobs = await boss.fetch(queue);
    await boss.stop({ graceful: false, close: true, wait: true });
    return jobs.length === 1;
  }

  /** What a broker restart does to its clients: every connection gone at once. */
  async function dropBrokerConnections(setup: BusSetup): Promise<void> {
    if (transport === 'amqp') {
      expect(proxy!.dropAll()).toBeGreaterThan(0);
      return;
    }
    const admin = new pg.Client({ connectionString: postgres!.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [new URL(setup.busDatabaseUrl!).pathname.slice(1)],
      );
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
  }
});

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
