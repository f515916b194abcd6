import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@garrison/kit/testing';
import { RedisBucketStore } from '../../src/rate-limit/redis-bucket-store.js';

// A throw-away redis-server of our own (no persistence) when the binary is installed; skipped otherwise.
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis)
  console.warn('skipping: redis-server is not installed (the Redis rate-limit store is not tested)');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!hasRedis)('Redis bucket store', () => {
  let redis: ChildProcess;
  let url: string;
  const stores: RedisBucketStore[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(
      async () => {
        const probe = new RedisBucketStore(url, 'probe:');
        try {
          return (await probe.take('x', { rate: 1, burst: 1 })).allowed;
        } finally {
          await probe.close();
        }
      },
      { timeoutMs: 10_000, message: 'redis-server started' },
    );
  });

  afterAll(async () => {
    for (const s of stores) await s.close();
    redis?.kill();
  });

  it('when two gateway instances share Redis, then they spend from one bucket per client', async () => {
    const prefix = `t${Date.now()}:`;
    const a = new RedisBucketStore(url, prefix);
    const b = new RedisBucketStore(url, prefix);
    stores.push(a, b);
    const limits = { rate: 1, burst: 4 };
    const results = [];
    for (const store of [a, b, a, b, a]) results.push((await store.take('user:1', limits)).allowed);
    expect(results).toEqual([true, true, true, true, false]);
    const denied = await b.take('user:1', limits);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(1_000);
    expect((await b.take('user:2', limits)).allowed).toBe(true);
  });

  it('when time passes, then the shared bucket refills at the configured rate', async () => {
    const store = new RedisBucketStore(url, `r${Date.now()}:`);
    stores.push(store);
    const limits = { rate: 20, burst: 1 };
    expect((await store.take('k', limits)).allowed).toBe(true);
    expect((await store.take('k', limits)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 80));
    expect((await store.take('k', limits)).allowed).toBe(true);
  });

  it('when Redis is unreachable, then take fails fast instead of hanging', async () => {
    const store = new RedisBucketStore(`redis://127.0.0.1:${await freePort()}`, 'x:');
    stores.push(store);
    const started = Date.now();
    await expect(store.take('k', { rate: 1, burst: 1 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
