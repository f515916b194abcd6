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
import { ServiceGroup } from './child/service-group.js';
import { claimDataDir } from './data-dir.js';
import type { Log } from './log.js';
import { planServices, portsNeeded, databaseName } from './plan.js';
import { assertPortFree, freePort, freePorts } from './ports.js';
import { dropDatabases, ensureDatabases, redactedUrl, waitForPostgres } from './postgres/databases.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres/embedded.js';
import { canManageRoles, dropServiceRoles, ensureServiceRoles, type RolePlan } from './postgres/roles.js';
import {
  databasesOf,
  GATEWAY,
  runnableServices,
  startWaves,
  type Profile,
  type ServiceSpec,
} from './topology.js';
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
  /** Aborting (Ctrl-C during start-up) stops at the next step and undoes what was started. */
  signal?: AbortSignal;
}

export interface BootedSystem {
  /** The gateway as this machine reaches it, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  adminPassword: AdminPassword;
  postgres: { url: string; embedded: boolean };
  webBuild: WebBuildResult;
  /** The environment the launcher gave a service (a copy): tests start a second instance with it. */
  serviceEnv(name: string): NodeJS.ProcessEnv;
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
    assertEntryPointsExist(options.repoRoot, selected);
    const lock = await claimDataDir(options.dataDir);
    cleanups.push(() => lock.release());

    const port = options.port === 0 ? await freePort() : options.port;
    if (options.port !== 0) await assertPortFree(port, options.host);

    const externalPostgres = env.GARRISON_POSTGRES_URL?.trim() || undefined;
    const adminPassword = await resolveAdminPassword(options.dataDir, env.GARRISON_ADMIN_PASSWORD, {
      // An embedded cluster that already exists has its admin: never invent a password it does not have.
      dataExisted: !externalPostgres && existsSync(path.join(options.dataDir, 'postgres', 'PG_VERSION')),
    });
    const bus = env.GARRISON_BUS?.trim() || 'pgboss';
    if (bus !== 'pgboss') await assertBrokerReachable(bus);

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
    options.signal?.throwIfAborted();

    const databasePrefix = postgres.embedded ? '' : options.databasePrefix;
    const databases = databasesOf(selected).map((name) => databaseName(databasePrefix, name));
    await ensureDatabases(postgres.url, databases);
    const rolePlan: RolePlan = {
      services: new Map(
        selected.map((s) => [s.name, s.database ? databaseName(databasePrefix, s.name) : undefined]),
      ),
      busDatabase: databaseName(databasePrefix, 'bus'),
      prefix: databasePrefix,
    };
    // Each service logs in as its own role owning only its database (ADR 163), whenever we may create roles.
    const logins = (await canManageRoles(postgres.url))
      ? await ensureServiceRoles(postgres.url, rolePlan)
      : undefined;
    if (!logins)
      say.warn(
        "GARRISON_POSTGRES_URL's user cannot create roles: every service connects as that user (docs/running.md, per-service roles)",
      );
    if (options.ephemeral && !postgres.embedded) {
      if (logins) cleanups.push(() => dropServiceRoles(postgres.url, rolePlan));
      cleanups.push(() => dropDatabases(postgres.url, databases));
    }

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
      ...(logins ? { logins } : {}),
    });

    const byName = new Map(plan.map((p) => [p.spec.name, p]));
    const group = new ServiceGroup(
      waves.map((wave) => wave.map((spec) => byName.get(spec.name)!)),
      options.repoRoot,
      log,
      options.signal,
    );
    cleanups.push(() => group.stop());

    say.info(
      `starting ${selected.map((s) => s.name).join(', ')} (profile ${options.profile}, bus ${bus === 'pgboss' ? 'pgboss' : redactedUrl(bus)})`,
    );
    await group.start();
    options.signal?.throwIfAborted();

    let stopped: Promise<void> | undefined;
    return {
      url: byName.get(GATEWAY)?.httpUrl ?? '',
      port,
      adminPassword,
      postgres: { url: postgres.url, embedded: postgres.embedded },
      webBuild,
      serviceEnv: (name) => {
        const planned = byName.get(name);
        if (!planned) throw new Error(`${name} is not running in this system`);
        return { ...planned.env };
      },
      stop: () => (stopped ??= cleanUp()),
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}

function assertEntryPointsExist(repoRoot: string, selected: readonly ServiceSpec[]): void {
  const missing = selected.filter((s) => !existsSync(path.join(repoRoot, s.folder, 'src', 'main.ts')));
  if (missing.length > 0) {
    throw new Error(
      `deploy/topology.ts marks ${missing.map((s) => s.name).join(', ')} as implemented, but ` +
        `${missing.map((s) => `${s.folder}/src/main.ts`).join(', ')} does not exist`,
    );
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
      throw new Error(
        `GARRISON_POSTGRES_URL is set but that server is not reachable: ${(err as Error).message}`,
        { cause: err },
      );
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
      reject(
        new Error(
          `RabbitMQ at ${host}:${port} (GARRISON_BUS) is not reachable: ${why}. Start it, or unset GARRISON_BUS to use the built-in pg-boss bus.`,
        ),
      );
    };
    socket.once('timeout', () => fail('timed out'));
    socket.once('error', (e) => fail(e.message));
  });
}

/** The repository root: deploy/src/boot.ts → two levels up. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
