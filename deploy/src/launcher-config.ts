import path from 'node:path';
import { parseArgs } from 'node:util';
import { isProfile, PROFILES, type Profile } from './topology.js';

export interface LauncherConfig {
  port: number;
  host: string;
  dataDir: string;
  profile: Profile;
  demo: boolean;
  help: boolean;
  databasePrefix: string;
  busPrefix: string;
  logLevel: string;
}

export class LauncherConfigError extends Error {
  override name = 'LauncherConfigError';
}

export const USAGE = `Usage: npm start [-- --profile ${PROFILES.join('|')}] [-- --demo]

Starts Garrison: an embedded PostgreSQL (unless GARRISON_POSTGRES_URL is set) and every implemented
service of the profile as its own process. See docs/running.md for every setting.

  --profile NAME   all (default): every implemented service
                   platform: gateway, auth, users, notifications
                   tanks: platform + bots battles matchmaking tournaments ratings
                   ates:  platform + tasks accounting analytics
  --demo           seed demo players, bots, tournaments and a series through the API (once per data folder)
  --help           this text

Environment: PORT (8080), GARRISON_DATA_DIR (./.garrison), GARRISON_ADMIN_PASSWORD, GARRISON_POSTGRES_URL,
GARRISON_BUS (pgboss | amqp://…), GARRISON_RATE_LIMIT, GARRISON_REDIS_URL, OTEL_EXPORTER_OTLP_ENDPOINT,
LOG_LEVEL (info), HOST (127.0.0.1, the gateway's bind address), GARRISON_DB_PREFIX, BUS_PREFIX.`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the launcher's settings; every problem is reported at once, with the fix. */
export function readLauncherConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): LauncherConfig {
  const problems: string[] = [];
  let values: { profile?: string | undefined; demo?: boolean | undefined; help?: boolean | undefined } = {};
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        profile: { type: 'string' },
        demo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    problems.push((err as Error).message);
  }

  const profile = values.profile ?? 'all';
  if (!isProfile(profile)) problems.push(`--profile must be one of ${PROFILES.join(', ')}; got "${profile}"`);

  const portText = env.PORT?.trim() || '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    problems.push(`PORT must be a port number 1–65535; got "${portText}"`);

  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);

  const databasePrefix = env.GARRISON_DB_PREFIX?.trim() ?? '';
  if (!/^[a-z0-9_]*$/.test(databasePrefix))
    problems.push(`GARRISON_DB_PREFIX may hold only a-z, 0-9 and _; got "${databasePrefix}"`);

  if (problems.length > 0)
    throw new LauncherConfigError(`Cannot start:\n  - ${problems.join('\n  - ')}\n\n${USAGE}`);
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: path.resolve(cwd, env.GARRISON_DATA_DIR?.trim() || '.garrison'),
    profile: profile as Profile,
    demo: values.demo ?? false,
    help: values.help ?? false,
    databasePrefix,
    busPrefix: env.BUS_PREFIX?.trim() ?? '',
    logLevel,
  };
}
