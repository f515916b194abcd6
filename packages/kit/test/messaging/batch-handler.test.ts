// Batch handlers (onEvent handleBatch) behind the dispatcher, on a real PostgreSQL: what the handler
// is given after the inbox removed duplicates, and how a failing batch falls back to one by one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { sql } from 'kysely';
import { needsPostgres } from '../../src/testing/index.js';
import { onEvent, type EventEnvelope } from '../../src/messaging/index.js';
import { createDispatcher, type Route } from '../../src/messaging/dispatcher.js';
import { DeadLetterStore } from '../../src/messaging/dead-letters.js';
import { uuidv7 } from '../../src/messaging/envelope.js';
import { createMessagingMetrics } from '../../src/messaging/metrics.js';
import type { Delivery } from '../../src/messaging/transport.js';
import {
  createServiceDatabase,
  effectsIn,
  recordEffect,
  testRegistry,
  type ServiceDatabase,
} from './harness.js';

const postgres = await needsPostgres();

interface Widget {
  widgetId: string;
  seq: number;
  name: string;
}

function widget(seq: number, widgetId = `w-${seq}`): EventEnvelope<Widget> {
  const id = uuidv7();
  return {
    id,
    type: 'widget.created',
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'kit-test',
    correlationId: id,
    causationId: null,
    data: { widgetId, seq, name: `widget ${seq}` },
  };
}

const deliveryOf = (envelope: EventEnvelope, attempt = 1): Delivery => ({
  body: envelope,
  headers: {},
  attempt,
  queue: 'kit-test-a.kit-test.events',
});

describe.skipIf(!postgres)('batch handlers', () => {
  let database: ServiceDatabase;

  beforeAll(async () => {
    database = await createServiceDatabase('batch');
  });
  afterEach(() => database.reset());
  afterAll(() => database?.drop());

  /** A dispatcher for the consumer, as createMessaging builds it (retry: 2 attempts). */
  function dispatcherFor(consumer: ReturnType<typeof onEvent>) {
    const route: Route = {
      handle: consumer.handle,
      handleBatch: consumer.handleBatch,
      policy: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    };
    return createDispatcher({
      consumer: 'kit-test-a',
      db: database.db,
      registry: testRegistry,
      log: pino({ level: 'silent' }),
      metrics: createMessagingMetrics(new Registry(), async () => 0),
      deadLetters: new DeadLetterStore(database.db, 'kit-test-a'),
      route: (envelope) => (envelope.type === 'widget.created' ? route : undefined),
      fallbackPolicy: route.policy,
    });
  }

  /** A batch handler that records each call's widgets, and each event as an effect. */
  function recordingConsumer(poisoned?: string) {
    const calls: number[][] = [];
    const consumer = onEvent<Widget>({
      producer: 'kit-test',
      type: 'widget.created',
      versions: [1],
      async handleBatch(events, tx) {
        calls.push(events.map((e) => e.data.seq));
        if (events.some((e) => e.data.widgetId === poisoned)) throw new Error(`${poisoned} is poisoned`);
        for (const e of events) await recordEffect(tx, 'kit-test-a', 'a1', e);
      },
    });
    return { calls, consumer };
  }

  it('when a batch holds redeliveries and messages seen before, then handleBatch gets each fresh message once, in order, in one call', async () => {
    const { calls, consumer } = recordingConsumer();
    const dispatch = dispatcherFor(consumer);
    const [seen, a, b, c] = [widget(0), widget(1), widget(2), widget(3)];
    await dispatch([deliveryOf(seen)]);
    calls.length = 0;

    const dispositions = await dispatch([a, seen, b, a, c, b].map((e) => deliveryOf(e)));

    expect(dispositions).toEqual(Array(6).fill({ action: 'ack' }));
    expect(calls).toEqual([[1, 2, 3]]);
    expect((await effectsIn(database)).map((e) => e.message_id)).toEqual([seen.id, a.id, b.id, c.id]);
  });

  it('when a batch holds a poison message, then the batch is rolled back, every message runs alone and only the poison fails', async () => {
    const { calls, consumer } = recordingConsumer('w-bad');
    const dispatch = dispatcherFor(consumer);
    const events = [widget(1), widget(2, 'w-bad'), widget(3)];

    const first = await dispatch(events.map((e) => deliveryOf(e)));

    expect(calls).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(first[0]).toEqual({ action: 'ack' });
    expect(first[1]).toMatchObject({ action: 'retry', attempt: 2 });
    expect(first[2]).toEqual({ action: 'ack' });
    expect((await effectsIn(database)).map((e) => e.message_id)).toEqual([events[0]!.id, events[2]!.id]);

    // the last attempt: the poison alone is dead-lettered, nothing else runs again
    calls.length = 0;
    const last = await dispatch([deliveryOf(events[1]!, 2)]);
    expect(calls).toEqual([[2]]);
    expect(last).toEqual([{ action: 'dead', reason: 'w-bad is poisoned' }]);
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM kit_dead_letters`.execute(
      database.db,
    );
    expect(Number(rows[0]!.n)).toBe(1);
    expect(await effectsIn(database)).toHaveLength(2);
  });

  it('when a consumer gives handleBatch, then its handle runs the batch handler with the one event', async () => {
    const { calls, consumer } = recordingConsumer();
    const single = widget(7);
    await database.db.transaction().execute((tx) => consumer.handle(single, tx));
    expect(calls).toEqual([[7]]);
    expect((await effectsIn(database)).map((e) => e.message_id)).toEqual([single.id]);
  });

  it('when a consumer gives both handle and handleBatch, then onEvent refuses it', () => {
    expect(() =>
      onEvent({
        producer: 'kit-test',
        type: 'widget.created',
        versions: [1],
        handle: async () => undefined,
        handleBatch: async () => undefined,
      } as unknown as Parameters<typeof onEvent>[0]),
    ).toThrow(/handle or handleBatch, not both/);
  });
});
