// Publishing writes to the outbox in the caller's transaction, and only what its schema allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { needsPostgres } from '../../src/testing/index.js';
import { EventSchemaError } from '../../src/messaging/index.js';
import { createServiceDatabase, startNodeWithoutStart, type ServiceDatabase } from './harness.js';

const postgres = await needsPostgres();

describe.skipIf(!postgres)('outbox', () => {
  let database: ServiceDatabase;
  beforeAll(async () => {
    database = await createServiceDatabase('outbox');
  });
  afterAll(async () => {
    await database?.close();
  });

  const outboxRows = async () =>
    (
      await database.pool.query(
        'SELECT id, kind, destination, type, envelope, headers, sent_at FROM kit_outbox ORDER BY seq',
      )
    ).rows;

  it('when an event is published in a transaction, then one outbox row holds its envelope, unsent', async () => {
    const { bus } = await startNodeWithoutStart('kit-test', database);
    const before = (await outboxRows()).length;
    const envelope = await database.db
      .transaction()
      .execute((tx) =>
        bus.publish(tx, { type: 'widget.created', version: 1, data: { widgetId: 'w', seq: 1, name: 'n' } }),
      );
    const rows = await outboxRows();
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({
      id: envelope.id,
      kind: 'event',
      destination: 'kit-test',
      type: 'widget.created',
      envelope: { ...envelope },
      sent_at: null,
    });
  });

  it('when rows wait in the outbox, then the outbox_backlog gauge counts them on scrape', async () => {
    const metrics = new Registry();
    const { bus } = await startNodeWithoutStart('kit-test', database, metrics);
    const backlog = async () => (await metrics.getSingleMetric('outbox_backlog')!.get()).values[0]?.value;
    const before = await backlog();
    await database.db.transaction().execute(async (tx) => {
      for (const seq of [1, 2]) {
        await bus.publish(tx, {
          type: 'widget.created',
          version: 1,
          data: { widgetId: 'w', seq, name: 'n' },
        });
      }
    });
    expect(await backlog()).toBe((before ?? 0) + 2);
  });

  it('when a command is sent, then the row names its queue', async () => {
    const { bus } = await startNodeWithoutStart('kit-test-sender', database);
    const envelope = await database.db
      .transaction()
      .execute((tx) =>
        bus.send(tx, 'kit-test.paint', { type: 'widget.paint', data: { widgetId: 'w', color: 'blue' } }),
      );
    expect((await outboxRows()).at(-1)).toMatchObject({
      id: envelope.id,
      kind: 'command',
      destination: 'kit-test.paint',
    });
    expect(envelope).toMatchObject({ producer: 'kit-test-sender', version: 1 });
  });

  it.each([
    [
      'an unknown version',
      'kit-test',
      { type: 'widget.created', version: 7, data: {} },
      /no schema contracts\/events\/kit-test\/widget\.created\.v7\.json \(known versions: 1, 2\)/,
    ],
    ['an unknown type', 'kit-test', { type: 'widget.exploded', version: 1, data: {} }, /no schema/],
    [
      'invalid data',
      'kit-test',
      { type: 'widget.created', version: 1, data: { widgetId: 'w' } },
      /invalid widget\.created v1: \/ must have required property 'seq'/,
    ],
    [
      "another service's event",
      'kit-test-a',
      { type: 'widget.created', version: 1, data: { widgetId: 'w', seq: 1, name: 'n' } },
      /belongs to "kit-test"/,
    ],
  ])(
    'when publishing %s, then it throws a clear error and stores nothing',
    async (_what, service, event, message) => {
      const { bus } = await startNodeWithoutStart(service, database);
      const before = (await outboxRows()).length;
      const attempt = database.db.transaction().execute((tx) => bus.publish(tx, event));
      await expect(attempt).rejects.toThrow(EventSchemaError);
      await expect(attempt).rejects.toThrow(message);
      expect((await outboxRows()).length).toBe(before);
    },
  );

  it('when a command queue is not named <service>.<name> or the data is invalid, then send throws', async () => {
    const { bus } = await startNodeWithoutStart('kit-test-sender', database);
    await expect(
      database.db.transaction().execute((tx) => bus.send(tx, 'paint', { type: 'widget.paint', data: {} })),
    ).rejects.toThrow(/must be named <service>\.<name>/);
    await expect(
      database.db
        .transaction()
        .execute((tx) =>
          bus.send(tx, 'kit-test.paint', { type: 'widget.paint', data: { widgetId: 'w', color: 'pink' } }),
        ),
    ).rejects.toThrow(/\/color must be equal to one of the allowed values/);
  });
});
