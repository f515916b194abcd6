/**
 * `npm start`: the whole Garrison on one machine with only Node.js. Reads the configuration, boots the
 * system (boot.ts), prints where it is, and stops everything cleanly on Ctrl-C / SIGTERM.
 */
import { bootSystem, REPO_ROOT, type BootedSystem } from './boot.js';
import { LauncherConfigError, readLauncherConfig, USAGE } from './launcher-config.js';
import type { Profile } from './topology.js';
import { demoBanner, runDemo } from './demo/run-demo.js';
import { consoleSink, Log, type Level } from './log.js';

const DISPLAY_LEVEL: Record<string, Level> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'error',
  silent: 'error',
};

async function main(): Promise<number> {
  let config;
  try {
    config = readLauncherConfig(process.argv.slice(2), process.env, process.cwd());
  } catch (err) {
    if (err instanceof LauncherConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const log = new Log({
    sink: consoleSink,
    color,
    minLevel: DISPLAY_LEVEL[config.logLevel] ?? 'info',
    nameWidth: 13,
  });
  const say = log.source('launcher');

  // The first Ctrl-C/SIGTERM stops (or cancels a start in progress, undoing what it started); a second
  // one — after a moment, since npm and tsx relay the first one too — leaves at once.
  const stopping = new AbortController();
  const stopSignal = new Promise<void>((resolve) =>
    stopping.signal.addEventListener('abort', () => resolve()),
  );
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      say.info(`${signal}: stopping (press Ctrl-C again to leave at once)…`);
      stopping.abort();
    } else if (Date.now() - firstSignalAt > 2_000) {
      say.warn(
        'leaving without waiting; services stop on their own, PostgreSQL is stopped on the next start',
      );
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  let system: BootedSystem;
  try {
    system = await bootSystem({
      repoRoot: REPO_ROOT,
      dataDir: config.dataDir,
      port: config.port,
      host: config.host,
      profile: config.profile,
      env: process.env,
      log,
      databasePrefix: config.databasePrefix,
      busPrefix: config.busPrefix,
      ephemeral: false,
      buildWeb: true,
      signal: stopping.signal,
    });
  } catch (err) {
    if (stopping.signal.aborted) {
      say.info('start cancelled; everything started so far is stopped');
      return 130;
    }
    say.error((err as Error).message);
    return 1;
  }

  printBanner(system, config.dataDir, config.profile, config.host, color);
  if (config.demo) await seedDemo(system, config.dataDir, config.profile, log, color, stopping.signal);
  await stopSignal;
  await system.stop();
  say.info('stopped; data kept in ' + config.dataDir);
  return 0;
}

/** `--demo`: seeds through the public API; a failure is reported and the system keeps running. */
async function seedDemo(
  system: BootedSystem,
  dataDir: string,
  profile: Profile,
  log: Log,
  color: boolean,
  signal: AbortSignal,
): Promise<void> {
  const say = log.source('demo');
  try {
    const result = await runDemo({
      url: system.url,
      dataDir,
      repoRoot: REPO_ROOT,
      profile,
      adminPassword: system.adminPassword.password,
      say,
      signal,
    });
    const bold = (text: string): string => (color ? `\x1b[1m${text}\x1b[0m` : text);
    process.stdout.write(demoBanner(result, bold).join('\n') + '\n');
  } catch (err) {
    if (signal.aborted) return;
    say.error(`the demo stopped half-way: ${(err as Error).message}; run --demo again to finish it`);
  }
}

function printBanner(
  system: BootedSystem,
  dataDir: string,
  profile: string,
  host: string,
  color: boolean,
): void {
  const bold = (text: string): string => (color ? `\x1b[1m${text}\x1b[0m` : text);
  const publicUrl = ['127.0.0.1', '0.0.0.0', '::', 'localhost'].includes(host)
    ? `http://localhost:${system.port}`
    : system.url;
  const { adminPassword } = system;
  const lines = ['', `  ${bold('Garrison is running')} at ${bold(publicUrl)}  (profile ${profile})`];
  if (adminPassword.source === 'generated') {
    lines.push(`  admin login: ${bold('admin')} / ${bold(adminPassword.password)}`);
    lines.push(
      `  (generated on this first start and stored in ${adminPassword.file}; it is not shown again)`,
    );
  } else if (adminPassword.source === 'stored') {
    lines.push(`  admin login: admin — password stored in ${adminPassword.file}`);
  } else if (adminPassword.source === 'env') {
    lines.push('  admin login: admin — password from GARRISON_ADMIN_PASSWORD');
  } else {
    lines.push(
      '  admin login: admin — with the GARRISON_ADMIN_PASSWORD this data folder was first started with',
    );
  }
  lines.push(`  data: ${dataDir}${system.postgres.embedded ? ' (embedded PostgreSQL)' : ''}`);
  if (system.webBuild === 'skipped' || system.webBuild === 'failed')
    lines.push('  web app: not available (see the warning above); the API works');
  lines.push('  Ctrl-C stops everything; the data stays for the next start.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`launcher failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
