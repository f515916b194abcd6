// The baselines: the same messages moved by the client libraries alone, with the same durability —
// RabbitMQ publisher confirms and consumer acks (amqplib), pg-boss send + fetch + complete — and no
// outbox, inbox or schema validation.
import { connect } from 'amqplib';
import PgBoss from 'pg-boss';
import { createTestDatabase } from '@garrison/kit/testing';
import type { BusRun } from './types.js';

const CONFIRM_BATCH = 500; // the kit's relay also waits for confirms once per batch of up to 500

function message(seq: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      type: 'widget.created',
      version: 1,
      data: { widgetId: `w-${seq}`, seq, name: 'bench widget' },
    }),
  );
}

export async function rawAmqp(url: string, events: number): Promise<BusRun> {
  const connection = await connect(url);
  const queue = `bench.raw.${Date.now().toString(36)}`;
  try {
    const consumerChannel = await connection.createChannel();
    await consumerChannel.assertQueue(queue, { durable: true });
    await consumerChannel.prefetch(400);
    let acked = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    await consumerChannel.consume(queue, (msg) => {
      if (!msg) return;
      JSON.parse(msg.content.toString());
      consumerChannel.ack(msg);
      if (++acked === events) resolveDone();
    });
    const publisher = await connection.createConfirmChannel();
    const started = performance.now();
    for (let seq = 0; seq < events; seq++) {
      publisher.publish('', queue, message(seq), { persistent: true, contentType: 'application/json' });
      if ((seq + 1) % CONFIRM_BATCH === 0) await publisher.waitForConfirms();
    }
    await publisher.waitForConfirms();
    await done;
    const ms = performance.now() - started;
    await consumerChannel.deleteQueue(queue);
    return {
      path: 'raw',
      bus: 'amqp',
      events,
      ms,
      eventsPerSecond: (events / ms) * 1000,
      delivered: acked,
      lost: events - acked,
    };
  } finally {
    await connection.close();
  }
}

export async function rawPgBoss(events: number): Promise<BusRun> {
  const database = await createTestDatabase('bench_raw_boss');
  const boss = new PgBoss({ connectionString: database.url, max: 8 });
  boss.on('error', () => {});
  await boss.start();
  const queue = 'bench-raw';
  try {
    await boss.createQueue(queue);
    let completed = 0;
    const started = performance.now();
    // Sent in batches (boss.insert), like the kit's relay does.
    for (let seq = 0; seq < events; seq += CONFIRM_BATCH) {
      const size = Math.min(CONFIRM_BATCH, events - seq);
      await boss.insert(
        Array.from({ length: size }, (_, i) => ({
          name: queue,
          data: JSON.parse(message(seq + i).toString()),
        })),
      );
    }
    // Four lanes fetching 50 at a time, completing in bulk, as the kit's consumer is set up here.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (;;) {
          const jobs = await boss.fetch(queue, { batchSize: 50 });
          if (jobs.length === 0) {
            if (completed >= events) return;
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          await boss.complete(
            queue,
            jobs.map((j) => j.id),
          );
          completed += jobs.length;
        }
      }),
    );
    const ms = performance.now() - started;
    return {
      path: 'raw',
      bus: 'pgboss',
      events,
      ms,
      eventsPerSecond: (events / ms) * 1000,
      delivered: completed,
      lost: events - completed,
    };
  } finally {
    await boss.stop({ graceful: false });
    await database.drop();
  }
}
