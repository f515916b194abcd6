// Misconfiguration fails at once, with a message that says what to fix.
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createMessaging, MessagingConfigError, onCommand, onEvent } from '../../src/messaging/index.js';
import { needsRabbit } from '../../src/testing/index.js';
import { fastOptions, uniquePrefix } from './harness.js';

const log = pino({ level: 'silent' });
const build = (bus: string, busDatabaseUrl?: string) =>
  createMessaging({
    service: 'kit-test',
    config: { bus, busDatabaseUrl, busPrefix: '' },
    db: undefined,
    log,
    metrics: new Registry(),
    options: fastOptions,
  });
const widgets = (type = 'widget.created') =>
  onEvent({ producer: 'kit-test', type, versions: [1], handle: async () => {} });

describe('createMessaging configuration', () => {
  it('when GARRISON_BUS is neither pgboss nor an amqp URL, then it refuses', async () => {
    await expect(build('kafka://x')).rejects.toThrow(/GARRISON_BUS must be "pgboss" or an amqp:\/\/ URL/);
  });

  it('when pgboss has no bus database, then it asks for BUS_DATABASE_URL', async () => {
    await expect(build('pgboss')).rejects.toThrow(MessagingConfigError);
    await expect(build('pgboss')).rejects.toThrow(/BUS_DATABASE_URL/);
  });

  it('when a service without a database declares consumers, then start refuses before connecting', async () => {
    const messaging = await build('amqp://127.0.0.1:1');
    await expect(messaging.start({ consumers: [widgets()], workers: [], jobs: [] })).rejects.toThrow(
      /consumes messages but has no database/,
    );
  });

  it('when onEvent lists no versions, then it throws', () => {
    expect(() => onEvent({ producer: 'p', type: 'x.done', versions: [], handle: async () => {} })).toThrow(
      /versions must not be empty/,
    );
  });

  it('when ready() is asked before start, then it is false', async () => {
    const messaging = await build('amqp://127.0.0.1:1');
    expect(await messaging.ready()).toBe(false);
    await messaging.stop();
  });
});

describe('createMessaging wiring rules', () => {
  // These checks run before any connection, so a fake database handle is enough.
  const withDb = () =>
    createMessaging({
      service: 'kit-test',
      config: { bus: 'amqp://127.0.0.1:1', busPrefix: '' },
      db: {} as never,
      log,
      metrics: new Registry(),
      options: fastOptions,
    });

  it('when two handlers take the same event type, then start refuses', async () => {
    const messaging = await withDb();
    await expect(
      messaging.start({ consumers: [widgets(), widgets()], workers: [], jobs: [] }),
    ).rejects.toThrow(/two handlers for kit-test\/widget.created/);
  });

  it('when a batch size or concurrency is not a positive integer, then start refuses', async () => {
    const messaging = await withDb();
    await expect(
      messaging.start({ consumers: [{ ...widgets(), batchSize: 0 }], workers: [], jobs: [] }),
    ).rejects.toThrow(/kit-test\/widget.created: batchSize must be an integer >= 1, got 0/);
  });

  it("when a service consumes another service's command queue, then start refuses", async () => {
    const messaging = await withDb();
    const worker = onCommand({ queue: 'battles.run', handle: async () => {} });
    await expect(messaging.start({ consumers: [], workers: [worker], jobs: [] })).rejects.toThrow(
      /cannot consume battles.run/,
    );
  });
});

const rabbit = await needsRabbit();

describe.skipIf(!rabbit)('readiness on amqp', () => {
  it('when a bus database is configured but nothing uses it, then readiness does not depend on it', async () => {
    const messaging = await createMessaging({
      service: 'kit-test',
      config: {
        bus: rabbit!.url,
        busDatabaseUrl: 'postgres://127.0.0.1:1/nowhere',
        busPrefix: uniquePrefix(),
      },
      db: undefined,
      log,
      metrics: new Registry(),
      options: fastOptions,
    });
    await messaging.start({ consumers: [], workers: [], jobs: [] });
    try {
      expect(await messaging.ready()).toBe(true);
    } finally {
      await messaging.stop();
    }
    expect(await messaging.ready()).toBe(false);
  });
});
