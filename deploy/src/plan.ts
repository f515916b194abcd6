/**
 * Turns the topology into concrete processes: ports, the static discovery table and each service's
 * environment (the kit's baseConfig keys, see packages/kit/API.md). Pure: easy to test and to read.
 */
import { databaseUrl } from './postgres/databases.js';
import { loginUrl, type ServiceLogin } from './postgres/roles.js';
import { GATEWAY, type ServiceSpec } from './topology.js';

export interface PlannedService {
  spec: ServiceSpec;
  /** Entry point relative to the repository root. */
  entry: string;
  httpPort: number;
  grpcPort?: number;
  httpUrl: string;
  env: NodeJS.ProcessEnv;
}

export interface PlanInput {
  /** Services in start order. */
  services: readonly ServiceSpec[];
  /** Free loopback ports, at least `portsNeeded(services)` of them. */
  ports: readonly number[];
  publicPort: number;
  /** Bind address of the gateway (internal services always bind 127.0.0.1). */
  publicHost: string;
  /** Environment passed through to every service (PATH, GARRISON_RATE_LIMIT, OTEL_…, …). */
  baseEnv: NodeJS.ProcessEnv;
  /** PostgreSQL server URL (database part ignored) where each service's database lives. */
  postgresUrl: string;
  /** Prefix of every database name on that server ('' on the embedded one). */
  databasePrefix: string;
  bus: string;
  busPrefix: string;
  logLevel: string;
  adminPassword: string;
  dataDir: string;
  /** Each service's own PostgreSQL role (ADR 163); absent: services use `postgresUrl`'s user. */
  logins?: ReadonlyMap<string, ServiceLogin>;
}

/** Keys the launcher decides per service; inherited values of them would be wrong or leak secrets. */
const OWNED_KEYS = [
  'PORT',
  'HTTP_PORT',
  'GRPC_PORT',
  'HOST',
  'DATABASE_URL',
  'BUS_DATABASE_URL',
  'BUS_PREFIX',
  'GARRISON_BUS',
  'GARRISON_SERVICES',
  'GARRISON_POSTGRES_URL',
  'GARRISON_ADMIN_PASSWORD',
  'LOG_LEVEL',
];

export function portsNeeded(services: readonly ServiceSpec[]): number {
  return services.reduce((n, s) => n + (s.name === GATEWAY ? 0 : 1) + (s.grpc ? 1 : 0), 0);
}

export function databaseName(prefix: string, name: string): string {
  return `${prefix}${name}`;
}

export function planServices(input: PlanInput): PlannedService[] {
  const free = [...input.ports];
  const take = (): number => {
    const port = free.shift();
    if (port === undefined) throw new Error('not enough free ports were reserved');
    return port;
  };
  const addresses = input.services.map((spec) => {
    const httpPort = spec.name === GATEWAY ? input.publicPort : take();
    const grpcPort = spec.grpc ? take() : undefined;
    return { spec, httpPort, grpcPort };
  });
  const discovery: Record<string, { http: string; grpc?: string }> = {};
  for (const { spec, httpPort, grpcPort } of addresses) {
    discovery[spec.name] = {
      http: `http://127.0.0.1:${httpPort}`,
      ...(grpcPort !== undefined ? { grpc: `http://127.0.0.1:${grpcPort}` } : {}),
    };
  }
  const inherited = { ...input.baseEnv };
  for (const key of OWNED_KEYS) delete inherited[key];

  return addresses.map(({ spec, httpPort, grpcPort }) => {
    const login = input.logins?.get(spec.name);
    const urlOf = (database: string): string =>
      login ? loginUrl(input.postgresUrl, login, database) : databaseUrl(input.postgresUrl, database);
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      HTTP_PORT: String(httpPort),
      HOST: spec.name === GATEWAY ? input.publicHost : '127.0.0.1',
      GARRISON_BUS: input.bus,
      BUS_PREFIX: input.busPrefix,
      BUS_DATABASE_URL: urlOf(databaseName(input.databasePrefix, 'bus')),
      GARRISON_SERVICES: JSON.stringify(discovery),
      GARRISON_DATA_DIR: input.dataDir,
      LOG_LEVEL: input.logLevel,
    };
    if (grpcPort !== undefined) env.GRPC_PORT = String(grpcPort);
    if (spec.database) env.DATABASE_URL = urlOf(databaseName(input.databasePrefix, spec.name));
    if (spec.name === 'auth' && input.adminPassword !== '') env.GARRISON_ADMIN_PASSWORD = input.adminPassword;
    if (spec.name === GATEWAY) env.PORT = String(httpPort);
    return {
      spec,
      entry: `${spec.folder}/src/main.ts`,
      httpPort,
      ...(grpcPort !== undefined ? { grpcPort } : {}),
      httpUrl: `http://${localAddress(spec, input.publicHost)}:${httpPort}`,
      env,
    };
  });
}

/** Where the launcher itself reaches a service: the gateway may bind a wildcard or a specific address. */
function localAddress(spec: ServiceSpec, publicHost: string): string {
  if (spec.name !== GATEWAY || ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(publicHost))
    return '127.0.0.1';
  return publicHost.includes(':') ? `[${publicHost}]` : publicHost;
}
