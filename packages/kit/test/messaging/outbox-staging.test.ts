// Outbox rows of the kit's own handler transactions wait for one insert before commit and wake the
// relay after it; a service's own transaction inserts at once and notifies at commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { needsPostgres, waitFor } from '../../src/testing/index.js';
import { OutboxWriter } from '../../src/messaging/outbox.js';
import { OUTBOX_CHANNEL, OutboxStaging } from '../../src/messaging/outbox-staging.js';
import { createServiceDatabase, testRegistry, type ServiceDatabase } from './harness.js';

const postgres = await needsPostgres();
const widget = (seq: number) => ({
  type: 'widget.created',
  version: 1,
  data: { widgetId: `w-${seq}`, seq, name: 'n' },
});

describe.skipIf(!postgres)('outbox staging', () => {
  let database: ServiceDatabase;
  beforeAll(async () => {
    database = await createServiceDatabase('staging');
  });
  afterAll(async () => {
    await database?.close();
  });

  const countOf = async (ids: string[]) =>
    Number(
      (await database.pool.query('SELECT count(*) AS n FROM kit_outbox WHERE id = ANY($1)', [ids])).rows[0].n,
    );

  it('when the kit stages its transaction, then the rows land at flush, in order, and the relay is woken after commit', async () => {
    let wakes = 0;
    const staging = new OutboxStaging(() => wakes++);
    const writer = new OutboxWriter('kit-test', testRegistry, staging);
    const ids: string[] = [];
    let beforeFlush = -1;
    await database.db.transaction().execute(async (tx) => {
      staging.stage(tx);
      ids.push((await writer.publish(tx, widget(1))).id);
      ids.push(...(await writer.publishMany(tx, [widget(2), widget(3)])).map((e) => e.id));
      beforeFlush = Number(
        (
          await database.db
            .selectFrom('kit_outbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      );
      await staging.flush(tx);
      expect(wakes).toBe(0);
      staging.committed(tx);
    });
    expect(beforeFlush).toBe(0);
    expect(wakes).toBe(1);
    const { rows } = await database.pool.query<{ id: string }>(
      'SELECT id FROM kit_outbox WHERE id = ANY($1) ORDER BY seq',
      [ids],
    );
    expect(rows.map((r) => r.id)).toEqual(ids);
  });

  it('when a service transaction publishes several events, then they are inserted at once and the relay is notified at commit', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    let notifications = 0;
    listener.on('notification', () => notifications++);
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    try {
      const writer = new OutboxWriter('kit-test', testRegistry);
      const ids = await database.db.transaction().execute(async (tx) => {
        const published = [
          (await writer.publish(tx, widget(4))).id,
          (await writer.publish(tx, widget(5))).id,
        ];
        const visible = await tx.selectFrom('kit_outbox').select('id').where('id', 'in', published).execute();
        expect(visible.length).toBe(2);
        return published;
      });
      expect(await countOf(ids)).toBe(2);
      await waitFor(async () => notifications > 0, { timeoutMs: 5_000 });
    } finally {
      await listener.end();
    }
  });
});
