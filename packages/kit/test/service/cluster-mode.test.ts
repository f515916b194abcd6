import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcdServer, type EtcdServer } from '../../src/etcd-server/etcd-server.js';
import { EtcdDiscovery } from '../../src/discovery/etcd-discovery.js';
import { ConfigError, createService, type ServiceDefinition } from '../../src/index.js';
import {
  needsEtcd,
  needsPostgres,
  needsRabbit,
  startTestService,
  TEST_AMQP_URL,
  waitFor,
} from '../../src/testing/index.js';

const hasEtcd = needsEtcd() !== null;
const pg = await needsPostgres();
const rabbit = await needsRabbit();

// A service with one command queue, so the broker topology it declares can be inspected.
const pinger: ServiceDefinition = {
  name: 'pinger',
  setup: () => ({
    workers: [{ kind: 'command', queue: 'pinger.pings', concurrency: 1, handle: async () => {} }],
  }),
};

describe.skipIf(!hasEtcd || !pg || !rabbit)('a service in cluster mode', () => {
  let dir: string;
  let etcd: EtcdServer;
  let watcher: EtcdDiscovery;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-cluster-mode-'));
    etcd = await startEtcdServer({ dataDir: dir });
    watcher = await EtcdDiscovery.connect({ endpoints: [etcd.endpoint] });
  });
  afterAll(async () => {
    await watcher?.close();
    await etcd?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('when it starts, then it is in etcd with its addresses; when it stops, then it is gone before it exits', async () => {
    const service = await startTestService(pinger, {
      bus: 'amqp',
      database: true,
      env: { GARRISON_DISCOVERY: `etcd://${etcd.endpoint}`, AMQP_QUEUE_TYPE: 'quorum' },
    });
    let stopped = false;
    try {
      const [me] = await waitFor(async () => {
        const found = await watcher.resolve('pinger');
        return found.length === 1 ? found : undefined;
      });
      expect(me).toMatchObject({
        name: 'pinger',
        id: service.ctx.instanceId,
        http: service.url,
        healthy: true,
      });

      // The queue was declared as a quorum queue: asking for a classic one of the same name is refused.
      const connection = await amqp.connect(TEST_AMQP_URL);
      try {
        const channel = await connection.createChannel();
        channel.on('error', () => {}); // the refusal closes the channel; the rejection below reports it
        const refused = await channel
          .assertQueue(`${service.env.BUS_PREFIX}pinger.pings`, { durable: true })
          .catch((err: Error) => err);
        expect(String(refused)).toMatch(/inequivalent arg 'x-queue-type'/);
        const cleanup = await connection.createChannel();
        await cleanup.deleteQueue(`${service.env.BUS_PREFIX}pinger.pings`);
      } finally {
        await connection.close().catch(() => {});
      }

      const stopping = service.stop().then(() => (stopped = true));
      await waitFor(async () => (await watcher.resolve('pinger')).length === 0);
      // Deregistration is the first step of a graceful stop: callers stop routing here before the drain.
      await stopping;
      expect(stopped).toBe(true);
    } finally {
      await service.stop();
    }
  });

  it('when GARRISON_DISCOVERY names an unknown scheme, then the start fails naming the setting', async () => {
    const error = await createService(pinger, { GARRISON_DISCOVERY: 'zookeeper://x:2181' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/GARRISON_DISCOVERY: expected "static" or etcd:\/\//);
  });

  it('when etcd is not reachable at start, then the start fails with a clear error', async () => {
    const error = await createService(
      { name: 'lonely', setup: () => ({}) },
      {
        GARRISON_DISCOVERY: 'etcd://127.0.0.1:1',
        LOG_LEVEL: 'silent',
      },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/etcd is not reachable at 127\.0\.0\.1:1/);
  });
});
