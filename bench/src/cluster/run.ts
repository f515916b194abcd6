// `npm run bench:cluster` — requests/s and p99 of GET /api/users/me (token check in the gateway, then
// the users service) through 1 vs 2 gateways and 1 vs 2 users instances, side by side in one run, on
// one cluster (etcd discovery, the launcher's TCP balancer). Results: bench/results/cluster.json.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootCluster } from '@garrison/deploy/cluster';
import { Log } from '@garrison/deploy/log';
import { createPool } from '@garrison/kit';
import { needsEtcd, needsRabbit } from '@garrison/kit/testing';
import { OwnPostgres, postgresBinaries } from '@garrison/kit/testing/own-postgres';
import { hasCommand, wrk, type WrkResult } from '../gateway/wrk.js';

const SECONDS = Number(process.env['BENCH_CLUSTER_SECONDS'] ?? 10);
const CONNECTIONS = 32;

if (!(await hasCommand('wrk'))) {
  console.log('cluster bench skipped: `wrk` is missing (apt-get install wrk)');
  process.exit(0);
}
const rabbit = await needsRabbit();
if (!postgresBinaries() || !rabbit || !needsEtcd()) {
  console.log('cluster bench skipped: it needs PostgreSQL, RabbitMQ, Redis and etcd (see docs/running.md)');
  process.exit(0);
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'garrison-bench-cluster-'));
// A PostgreSQL of its own: every instance holds its pools, more than the shared server allows.
const pg = await OwnPostgres.start();
const admin = createPool(pg.url(), { max: 1 });
await admin.query('ALTER SYSTEM SET max_connections = 400');
await admin.end();
await pg.stop();
await pg.restart();
const identity = `bc${Date.now().toString(36)}`;
const cluster = await bootCluster({
  repoRoot: path.resolve(import.meta.dirname, '..', '..', '..'),
  dataDir,
  port: 0,
  host: '127.0.0.1',
  profile: 'platform',
  instances: 2,
  env: {
    ...process.env,
    GARRISON_POSTGRES_URL: pg.url(),
    GARRISON_BUS: rabbit.url,
    GARRISON_RATE_LIMIT: '100000,100000',
    LOG_LEVEL: 'warn',
  },
  log: new Log({ sink: { write: () => {} }, color: false, minLevel: 'error', nameWidth: 10 }),
  databasePrefix: `${identity}_`,
  busPrefix: `${identity}.`,
  ephemeral: true,
  buildWeb: false,
});
try {
  const login = `bench${Date.now()}`;
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => (await r.json()) as Record<string, unknown>);
  await post(`${cluster.url}/api/auth/register`, {
    login,
    password: 'bench-password-1',
    displayName: 'Bench',
  });
  const token = String(
    (await post(`${cluster.url}/api/auth/login`, { login, password: 'bench-password-1' }))['accessToken'],
  );
  const headers = { authorization: `Bearer ${token}` };

  const gateway1 = cluster.instances.find((i) => i.name === 'gateway' && i.index === 1)!;
  const users2 = cluster.instances.find((i) => i.name === 'users' && i.index === 2)!;
  const usersListed = async (n: number) => {
    while ((await cluster.registry.resolve('users')).length !== n) await sleep(100);
  };
  const measure = async (label: string, url: string): Promise<WrkResult & { setup: string }> => {
    await wrk(`${url}/api/users/me`, { connections: CONNECTIONS, seconds: 2, headers }); // warm-up
    const result = await wrk(`${url}/api/users/me`, { connections: CONNECTIONS, seconds: SECONDS, headers });
    console.log(
      `${label.padEnd(28)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p99 ${result.p99Ms.toFixed(1)} ms`,
    );
    return { setup: label, ...result };
  };

  const results = [];
  await users2.process.stop();
  await usersListed(1);
  results.push(await measure('1 gateway, 1 users', gateway1.httpUrl));
  results.push(await measure('2 gateways, 1 users', cluster.url));
  await users2.process.restart();
  await usersListed(2);
  results.push(await measure('1 gateway, 2 users', gateway1.httpUrl));
  results.push(await measure('2 gateways, 2 users', cluster.url));

  await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('../../results/cluster.json', import.meta.url),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: { cores: (await import('node:os')).cpus().length, loadAverage: loadavg() },
        endpoint: 'GET /api/users/me (JWT check + rate limit in Redis + users over HTTP)',
        connections: CONNECTIONS,
        seconds: SECONDS,
        results,
      },
      null,
      2,
    ) + '\n',
  );
} finally {
  await cluster.stop();
  await pg.destroy();
  await rm(dataDir, { recursive: true, force: true });
}
