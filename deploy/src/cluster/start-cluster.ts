/**
 * `npm run start:cluster`: Garrison as a cluster on this machine — GARRISON_INSTANCES (2) of every
 * service, real PostgreSQL, RabbitMQ, Redis and etcd, one public port. See docs/running.md.
 */
import { REPO_ROOT } from '../boot.js';
import { LauncherConfigError, readLauncherConfig } from '../launcher-config.js';
import { consoleSink, Log } from '../log.js';
import { bootCluster, ClusterDependencyError, DEFAULT_INSTANCES } from './boot-cluster.js';

export const CLUSTER_USAGE = `Usage: npm run start:cluster [-- --profile all|platform|tanks|ates]

Starts GARRISON_INSTANCES (${DEFAULT_INSTANCES}) instances of every service against PostgreSQL, RabbitMQ (quorum
queues), Redis and etcd; the gateways share PORT (8080). Environment: GARRISON_INSTANCES, PORT, HOST,
GARRISON_DATA_DIR (./.garrison-cluster), GARRISON_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/postgres),
GARRISON_BUS (amqp://guest:guest@127.0.0.1:5672), GARRISON_REDIS_URL (redis://127.0.0.1:6379),
GARRISON_DISCOVERY (etcd://host:2379,…; unset: a private etcd in the data folder), GARRISON_DB_PREFIX
(cluster_), BUS_PREFIX (cluster.), GARRISON_RATE_LIMIT, LOG_LEVEL.`;

export function readInstances(text: string | undefined): number {
  const value = (text ?? '').trim() || String(DEFAULT_INSTANCES);
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 16)
    throw new LauncherConfigError(`GARRISON_INSTANCES must be a whole number 1–16; got "${value}"`);
  return Number(value);
}

async function main(): Promise<number> {
  let config;
  let instances;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GARRISON_DATA_DIR: process.env.GARRISON_DATA_DIR || '.garrison-cluster',
  };
  try {
    config = readLauncherConfig(process.argv.slice(2), env, process.cwd());
    instances = readInstances(env.GARRISON_INSTANCES);
  } catch (err) {
    if (err instanceof LauncherConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (config.help) {
    process.stdout.write(`${CLUSTER_USAGE}\n`);
    return 0;
  }
  const log = new Log({
    sink: consoleSink,
    color: Boolean(process.stdout.isTTY),
    minLevel: 'info',
    nameWidth: 16,
  });
  const say = log.source('launcher');
  const stopping = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping.signal.aborted) process.exit(130);
    say.info(`${signal}: stopping every instance…`);
    stopping.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const cluster = await bootCluster({
      repoRoot: REPO_ROOT,
      dataDir: config.dataDir,
      port: config.port,
      host: config.host,
      profile: config.profile,
      instances,
      env,
      log,
      databasePrefix: env.GARRISON_DB_PREFIX?.trim() || 'cluster_',
      busPrefix: env.BUS_PREFIX?.trim() || 'cluster.',
      ephemeral: false,
      buildWeb: true,
      signal: stopping.signal,
    });
    process.stdout.write(
      `\n  Garrison cluster is running at ${cluster.url}: ${instances} instances of every service (${cluster.instances.length} processes), discovery ${cluster.discovery}\n` +
        `  admin login: admin${cluster.adminPassword.source === 'generated' ? ` / ${cluster.adminPassword.password} (stored in ${cluster.adminPassword.file})` : ''}\n  Ctrl-C stops everything.\n\n`,
    );
    await new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve()));
    await cluster.stop();
    return 0;
  } catch (err) {
    if (err instanceof ClusterDependencyError) {
      process.stderr.write(`${err.message}\n`);
      return 3;
    }
    if (stopping.signal.aborted) return 130;
    say.error((err as Error).message);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`cluster launcher failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
