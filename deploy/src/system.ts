/**
 * The whole system for tests: `startSystem()` runs exactly what `npm start` runs (same modules), on a
 * free port and a fresh temporary data folder unless told otherwise.
 *
 *   const system = await startSystem({ env: { GARRISON_RATE_LIMIT: '5,5' } });
 *   await fetch(`${system.url}/api/auth/login`, …);   // admin / system.adminPassword
 *   await system.stop();
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bootSystem, REPO_ROOT } from './boot.js';
import { consoleSink, Log, RingSink, type Level } from './log.js';
import { isProfile } from './topology.js';

export interface StartSystemOptions {
  /** Gateway port; 0 or omitted picks a free one. */
  port?: number;
  /** Data folder; omitted → a fresh temporary folder, removed by `stop()`. Reuse one to test restarts. */
  dataDir?: string;
  /** Configuration on top of process.env (GARRISON_BUS, GARRISON_RATE_LIMIT, GARRISON_POSTGRES_URL, …). */
  env?: Record<string, string>;
  profile?: string;
  /** Build apps/web when stale (default true: browser tests need it; a fresh build is reused). */
  buildWeb?: boolean;
}

export interface RunningSystem {
  /** The gateway, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  dataDir: string;
  /** Password of the bootstrap `admin` account. */
  adminPassword: string;
  /** The last lines the launcher and services logged (to explain a failure). */
  logTail(lines?: number): string;
  /** The environment the launcher gave a service (a copy): a test can run a second instance with it. */
  serviceEnv(name: string): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startSystem(options: StartSystemOptions = {}): Promise<RunningSystem> {
  const profile = options.profile ?? 'platform';
  if (!isProfile(profile)) throw new Error(`unknown profile "${profile}"`);
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir
    ? path.resolve(options.dataDir)
    : await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-system-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };

  // Output stays in memory unless GARRISON_TEST_LOGS=1: a failing start reports its tail instead.
  const ring = new RingSink(400);
  const echo = env.GARRISON_TEST_LOGS === '1';
  const log = new Log({
    sink: {
      write(line: string, level: Level) {
        ring.write(line);
        if (echo) consoleSink.write(line, level);
      },
    },
    color: false,
    minLevel: echo ? 'debug' : 'info',
    nameWidth: 13,
  });

  // Names derived from the data folder: parallel systems on one PostgreSQL/RabbitMQ never collide, and a
  // restart on the same folder finds its databases and queues again.
  const identity = `g${createHash('sha1').update(dataDir).digest('hex').slice(0, 8)}`;
  try {
    const system = await bootSystem({
      repoRoot: REPO_ROOT,
      dataDir,
      port: options.port ?? 0,
      host: '127.0.0.1',
      profile,
      env,
      log,
      databasePrefix: `${identity}_`,
      busPrefix: env.BUS_PREFIX ?? `${identity}.`,
      ephemeral: temporary,
      buildWeb: options.buildWeb ?? true,
    });
    let stopped: Promise<void> | undefined;
    return {
      url: system.url,
      port: system.port,
      dataDir,
      adminPassword: system.adminPassword.password,
      logTail: (lines) => ring.tail(lines),
      serviceEnv: (name) => system.serviceEnv(name),
      stop: () =>
        (stopped ??= (async () => {
          await system.stop();
          if (temporary) await fs.rm(dataDir, { recursive: true, force: true });
        })()),
    };
  } catch (err) {
    if (temporary) await fs.rm(dataDir, { recursive: true, force: true }).catch(() => {});
    (err as Error).message += `\n--- last log lines ---\n${ring.tail(60)}`;
    throw err;
  }
}
