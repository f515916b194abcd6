/**
 * `npm run start:cluster` and the cluster tests: GARRISON_INSTANCES of every service on real PostgreSQL,
 * RabbitMQ (quorum queues), Redis and etcd, with the gateways behind one public port (ADR 170, 171).
 */
import { resolveAdminPassword, type AdminPassword } from '../admin-password.js';
import { ServiceProcess } from '../child/service-process.js';
import { claimDataDir } from '../data-dir.js';
import type { BootOptions } from '../boot.js';
import { databaseName, portsNeeded } from '../plan.js';
import { assertPortFree, freePort, freePorts } from '../ports.js';
import { dropDatabases, ensureDatabases, redactedUrl } from '../postgres/databases.js';
import { databasesOf, runnableServices, startWaves } from '../topology.js';
import { ensureWebBuild } from '../web-build.js';
import { EtcdDiscovery, startEtcdServer } from '@garrison/kit/etcd';
import { clusterPortsNeeded, planCluster, type PlannedInstance } from './cluster-plan.js';
import { missingClusterDependencies } from './dependencies.js';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer.js';

export const DEFAULT_INSTANCES = 2;

/** What boot() takes, and how many instances of every service to run (a cluster has no embedded PostgreSQL). */
export interface ClusterOptions extends BootOptions {
  instances: number;
}

export interface ClusterInstance {
  name: string;
  index: number;
  httpUrl: string;
  process: ServiceProcess;
}

export interface BootedCluster {
  url: string;
  port: number;
  adminPassword: AdminPassword;
  discovery: string;
  instances: ClusterInstance[];
  /** The launcher's own view of the registry (watched). */
  registry: EtcdDiscovery;
  balancer: TcpBalancer;
  stop(): Promise<void>;
}

export class ClusterDependencyError extends Error {
  override name = 'ClusterDependencyError';
}

export async function bootCluster(options: ClusterOptions): Promise<BootedCluster> {
  const { env, log } = options;
  const say = log.source('launcher');
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of cleanups.reverse())
      await step().catch((err: Error) => say.error(`while stopping: ${err.message}`));
  };
  const deps = {
    postgresUrl: env.GARRISON_POSTGRES_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres',
    busUrl:
      env.GARRISON_BUS?.trim() && env.GARRISON_BUS.trim() !== 'pgboss'
        ? env.GARRISON_BUS.trim()
        : 'amqp://guest:guest@127.0.0.1:5672',
    redisUrl: env.GARRISON_REDIS_URL?.trim() || 'redis://127.0.0.1:6379',
    discovery: env.GARRISON_DISCOVERY?.trim() || undefined,
  };
  const missing = await missingClusterDependencies(deps);
  if (missing.length > 0)
    throw new ClusterDependencyError(
      `the cluster needs what this machine does not have:\n  - ${missing.join('\n  - ')}`,
    );

  try {
    const selected = runnableServices(options.profile);
    const lock = await claimDataDir(options.dataDir);
    cleanups.push(() => lock.release());
    const port = options.port === 0 ? await freePort() : options.port;
    if (options.port !== 0) await assertPortFree(port, options.host);

    let discovery = deps.discovery;
    if (!discovery) {
      const etcd = await startEtcdServer({
        dataDir: options.dataDir,
        log: (line) => log.source('etcd').line(line, 'warn'),
      });
      cleanups.push(() => etcd.stop());
      discovery = `etcd://${etcd.endpoint}`;
      say.info(`etcd on ${etcd.endpoint} (data in ${options.dataDir}/etcd)`);
    }
    const registry = await EtcdDiscovery.connect({ endpoints: discovery.slice('etcd://'.length).split(',') });
    cleanups.push(() => registry.close());

    const adminPassword = await resolveAdminPassword(options.dataDir, env.GARRISON_ADMIN_PASSWORD, {
      dataExisted: false,
    });
    const databases = databasesOf(selected).map((name) => databaseName(options.databasePrefix, name));
    await ensureDatabases(deps.postgresUrl, databases);
    if (options.ephemeral) cleanups.push(() => dropDatabases(deps.postgresUrl, databases));
    if (options.buildWeb) await ensureWebBuild(options.repoRoot, say);
    options.signal?.throwIfAborted();

    const waves = startWaves(selected);
    const rounds = planCluster({
      services: waves.flat(),
      instances: options.instances,
      ports: await freePorts(clusterPortsNeeded(portsNeeded(selected), options.instances)),
      baseEnv: env,
      postgresUrl: deps.postgresUrl,
      databasePrefix: options.databasePrefix,
      bus: deps.busUrl,
      busPrefix: options.busPrefix,
      logLevel: env.LOG_LEVEL?.trim() || 'info',
      adminPassword: adminPassword.password,
      dataDir: options.dataDir,
      discovery,
      redisUrl: deps.redisUrl,
    });
    const instances: ClusterInstance[] = rounds.flat().map((planned: PlannedInstance) => ({
      name: planned.spec.name,
      index: planned.index,
      httpUrl: planned.httpUrl,
      process: new ServiceProcess({
        name: `${planned.spec.name}-${planned.index}`,
        entry: planned.entry,
        repoRoot: options.repoRoot,
        env: planned.env,
        httpUrl: planned.httpUrl,
        log: log.source(`${planned.spec.name}#${planned.index}`),
        readyTimeoutMs: 240_000,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    }));
    cleanups.push(async () => {
      for (const wave of [...waves].reverse()) {
        const names = new Set(wave.map((s) => s.name));
        await Promise.all(instances.filter((i) => names.has(i.name)).map((i) => i.process.stop()));
      }
    });

    say.info(
      `starting ${options.instances} instances of ${selected.map((s) => s.name).join(', ')} (bus ${redactedUrl(deps.busUrl)}, quorum queues; discovery ${discovery})`,
    );
    for (const wave of waves) {
      const names = new Set(wave.map((s) => s.name));
      await Promise.all(instances.filter((i) => names.has(i.name)).map((i) => i.process.start()));
      options.signal?.throwIfAborted();
    }

    const balancer = await startTcpBalancer({
      discovery: registry,
      service: 'gateway',
      port,
      host: options.host,
    });
    cleanups.push(() => balancer.close());
    const local = ['0.0.0.0', '::', 'localhost'].includes(options.host) ? '127.0.0.1' : options.host;

    let stopped: Promise<void> | undefined;
    return {
      url: `http://${local.includes(':') ? `[${local}]` : local}:${balancer.port}`,
      port: balancer.port,
      adminPassword,
      discovery,
      instances,
      registry,
      balancer,
      stop: () => (stopped ??= cleanUp()),
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}
