/** What the cluster suite needs beyond PostgreSQL and RabbitMQ: etcd (installed) and Redis (running). */
import net from 'node:net';
import { needsEtcd } from '@garrison/kit/testing';

export const TEST_REDIS_URL = process.env.GARRISON_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Redis, or null (the suite skips) when absent; throws when absent and CI=true. */
export async function needsRedis(): Promise<string | null> {
  if (await reachable(TEST_REDIS_URL)) return TEST_REDIS_URL;
  if (process.env.CI === 'true')
    throw new Error(`Redis is required in CI but not reachable at ${TEST_REDIS_URL}`);
  console.warn(
    `skipping: Redis not reachable at ${TEST_REDIS_URL} (apt-get install redis-server); with CI=true this fails`,
  );
  return null;
}

export { needsEtcd };
