import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { needsPostgres, needsRabbit, startTestService } from '../../src/testing/index.js';
import { widgetService } from '../fixtures/widget-service.js';

const server = await needsPostgres();
const rabbit = server ? await needsRabbit() : null;

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: server!.url });
  await client.connect();
  try {
    return ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

const nameOf = (url: string | undefined) => new URL(url!).pathname.slice(1);

describe.skipIf(!server)('startTestService', () => {
  it('when a service publishes in a transaction, then svc.events sees the relayed event; stop drops its databases', async () => {
    const svc = await startTestService(widgetService);
    const own = nameOf(svc.env.DATABASE_URL);
    const bus = nameOf(svc.env.BUS_DATABASE_URL);
    try {
      expect(own).not.toBe(bus);
      expect(await databaseExists(own)).toBe(true);
      const res = await fetch(`${svc.url}/api/widgets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'w-42', name: 'gear' }),
      });
      expect(res.status).toBe(201);
      const event = await svc.events.waitFor<{ widgetId: string }>(
        'widget.created',
        (e) => e.data.widgetId === 'w-42',
        {
          timeoutMs: 10_000,
        },
      );
      expect(event).toMatchObject({
        type: 'widget.created',
        version: 1,
        producer: 'kit-test',
        data: { name: 'gear' },
      });
    } finally {
      await svc.stop();
    }
    expect(await databaseExists(own)).toBe(false);
    expect(await databaseExists(bus)).toBe(false);
  });

  it('when two test services of the same definition run, then their data is separate', async () => {
    const [a, b] = await Promise.all([startTestService(widgetService), startTestService(widgetService)]);
    try {
      await fetch(`${a.url}/api/widgets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'w-1', name: 'only in a' }),
      });
      expect(await a.ctx.db.selectFrom('widgets').selectAll().execute()).toHaveLength(1);
      expect(await b.ctx.db.selectFrom('widgets').selectAll().execute()).toHaveLength(0);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe.skipIf(!rabbit)('startTestService on RabbitMQ', () => {
  it('when the bus is amqp, then events go through RabbitMQ under a unique prefix and svc.events sees them', async () => {
    const svc = await startTestService(widgetService, { bus: 'amqp' });
    try {
      expect(svc.env.GARRISON_BUS).toMatch(/^amqp:\/\//);
      expect(svc.env.BUS_DATABASE_URL).toMatch(/^postgres:/); // the scheduler runs on pg-boss with any bus
      expect(svc.env.BUS_PREFIX).toMatch(/^t[0-9a-f]{8}\.$/);
      const res = await fetch(`${svc.url}/api/widgets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'w-amqp', name: 'bolt' }),
      });
      expect(res.status).toBe(201);
      const event = await svc.events.waitFor<{ widgetId: string }>(
        'widget.created',
        (e) => e.data.widgetId === 'w-amqp',
        {
          timeoutMs: 10_000,
        },
      );
      expect(event.producer).toBe('kit-test');
    } finally {
      await svc.stop();
    }
  });
});
