/**
 * Brings a whole Garrison up and down: data folder, PostgreSQL (embedded or given), databases, web app,
 * then every implemented service of the profile as its own process, wave by wave in dependency order.
 * Shared by `npm start` (start.ts) and the tests' `startSystem` (system.ts).
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAdminPassword, type AdminPassword } from './admin-password.js';
import { ServiceProcess } from './child/service-process.js';
import { claimDataDir } from './data-dir.js';
import type { Log } from './log.js';
import { planServices, portsNeeded, databaseName } from './plan.js';
import { assertPortFree, freePort, freePorts } from './ports.js';
import { dropDatabases, ensureDatabases, redactedUrl, waitForPostgres } from './postgres/databases.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres/embedded.js';
import { databasesOf, GATEWAY, runnableServices, startWaves, type Profile } from './topology.js';
import { ensureWebBuild, type WebBuildResult } from './web-build.js';

export interface BootOptions {
  repoRoot: string;
  /** Absolute path of the data folder. */
  dataDir: string;
  /** Public (gateway) port; 0 picks a free one. */
  port: number;
  /** Gateway bind address. */
  host: string;
  profile: Profile;
  /** The configuration environment (GARRISON_*, OTEL_*, LOG_LEVEL, …); also passed through to services. */
  env: NodeJS.ProcessEnv;
  log: Log;
  /** Prefix of database names on an external server (GARRISON_POSTGRES_URL). */
  databasePrefix: string;
  /** Prefix of queue/exchange names (BUS_PREFIX). */
  busPrefix: string;
  /** A throwaway system (tests): embedded PostgreSQL without fsync; databases on an external server are dropped at stop. */
  ephemeral: boolean;
  buildWeb: boolean;
}

export interface BootedSystem {
  /** The gateway as this machine reaches it, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  adminPassword: AdminPassword;
  postgres: { url: string; embedded: boolean };
  webBuild: WebBuildResult;
  services: readonly { name: string; httpUrl: string; pid: number | undefined }[];
  stop(): Promise<void>;
}

export async function bootSystem(options: BootOptions): Promise<BootedSystem> {
  const { log, env } = options;
  const say = log.source('launcher');
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of cleanups.reverse()) {
      await step().catch((err: Error) => say.error(`while stopping: ${err.message}`));
    }
  };

  try {
    const selected = runnableServices(options.profile);
    const missing = selected.filter((s) => !existsSync(path.join(options.repoRoot, s.folder, 'src', 'main.ts')));
    if (missing.length > 0) {
      throw new Error(
        `deploy/topology.ts marks ${missing.map((s) => s.name).join(', ')} as implemented, but ` +
          `${missing.map((s) => `${s.folder}/src/main.ts`).join(', ')} does not exist`,
      );
    }
    const lock = await claimDataDir(options.dataDir);
    cleanups.push(() => lock.release());

    const port = options.port === 0 ? await freePort() : options.port;
    if (options.port !== 0) await assertPortFree(port, options.host);

    const adminPassword = await resolveAdminPassword(options.dataDir, env.GARRISON_ADMIN_PASSWORD);
    const bus = env.GARRISON_BUS?.trim() || 'pgboss';
    if (bus !== 'pgboss') await assertBrokerReachable(bus);

    const externalPostgres = env.GARRISON_POSTGRES_URL?.trim() || undefined;
    // The web build and PostgreSQL's start overlap; both settle before going on so nothing is left running.
    const [built, started] = await Promise.allSettled([
      options.buildWeb ? ensureWebBuild(options.repoRoot, say) : Promise.resolve<WebBuildResult>('skipped'),
      startPostgres(options, externalPostgres),
    ]);
    if (started.status === 'fulfilled') cleanups.push(() => started.value.stop());
    if (started.status === 'rejected') throw started.reason;
    if (built.status === 'rejected') throw built.reason;
    const webBuild = built.value;
    const postgres = started.value;

    const databasePrefix = postgres.embedded ? '' : options.databasePrefix;
    const databases = databasesOf(selected).map((name) => databaseName(databasePrefix, name));
    await ensureDatabases(postgres.url, databases);
    if (options.ephemeral && !postgres.embedded) cleanups.push(() => dropDatabases(postgres.url, databases));

    const waves = startWaves(selected);
    const plan = planServices({
      services: waves.flat(),
      ports: await freePorts(portsNeeded(selected)),
      publicPort: port,
      publicHost: options.host,
      baseEnv: env,
      postgresUrl: postgres.url,
      databasePrefix,
      bus,
      busPrefix: options.busPrefix,
      logLevel: env.LOG_LEVEL?.trim() || 'info',
      adminPassword: adminPassword.password,
      dataDir: options.dataDir,
    });

    const processes = new Map<string, ServiceProcess>();
    for (const planned of plan) {
      processes.set(
        planned.spec.name,
        new ServiceProcess({
          name: planned.spec.name,
          entry: planned.entry,
          repoRoot: options.repoRoot,
          env: planned.env,
          httpUrl: planned.httpUrl,
          log: log.source(planned.spec.name),
        }),
      );
    }
    const byWave = waves.map((wave) => wave.map((spec) => processes.get(spec.name)!));
    // Stopping goes in reverse: the gateway first, the services everything depends on last.
    cleanups.push(async () => {
      for (const wave of [...byWave].reverse()) await Promise.all(wave.map((p) => p.stop()));
    });

    say.info(`starting ${selected.map((s) => s.name).join(', ')} (profile ${options.profile}, bus ${bus === 'pgboss' ? 'pgboss' : redactedUrl(bus)})`);
    for (const wave of byWave) await Promise.all(wave.map((p) => p.start()));

    const gateway = plan.find((p) => p.spec.name === GATEWAY);
    const url = gateway?.httpUrl ?? '';
    let stopped: Promise<void> | undefined;
    return {
      url,
      port,
      adminPassword,
      postgres: { url: postgres.url, embedded: postgres.embedded },
      webBuild,
      services: plan.map((p) => ({ name: p.spec.name, httpUrl: p.httpUrl, pid: processes.get(p.spec.name)?.pid })),
      stop: () => (stopped ??= cleanUp()),
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}

async function startPostgres(
  options: BootOptions,
  externalUrl: string | undefined,
): Promise<{ url: string; embedded: boolean; stop(): Promise<void> }> {
  const log = options.log.source('postgres');
  if (externalUrl) {
    try {
      await waitForPostgres(externalUrl, { timeoutMs: 10_000 });
    } catch (err) {
      throw new Error(`GARRISON_POSTGRES_URL is set but that server is not reachable: ${(err as Error).message}`);
    }
    log.info(`using the PostgreSQL server at ${redactedUrl(externalUrl)}`);
    return { url: externalUrl, embedded: false, stop: async () => {} };
  }
  const server: EmbeddedPostgres = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    log,
    ephemeral: options.ephemeral,
  });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}

/** A clear message now beats every service failing its readiness check later. */
async function assertBrokerReachable(busUrl: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(busUrl);
  } catch {
    throw new Error(`GARRISON_BUS must be "pgboss" or an amqp:// URL, got "${busUrl}"`);
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') {
    throw new Error(`GARRISON_BUS must be "pgboss" or an amqp:// URL, got "${redactedUrl(busUrl)}"`);
  }
  const port = Number(url.port || (url.protocol === 'amqps:' ? 5671 : 5672));
  const host = url.hostname || '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host, port, timeout: 3_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new Error(`RabbitMQ at ${host}:${port} (GARRISON_BUS) is not reachable: ${why}. Start it, or unset GARRISON_BUS to use the built-in pg-boss bus.`));
    };
    socket.once('timeout', () => fail('timed out'));
    socket.once('error', (e) => fail(e.message));
  });
}

/** The repository root: deploy/src/boot.ts → two levels up. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
