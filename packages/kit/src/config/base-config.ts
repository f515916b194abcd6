import type { JSONWebKeySet } from 'jose';
import { parseDiscoverySpec } from '../discovery/create-discovery.js';
import { c } from './fields.js';
import { defineConfig, type ConfigValues } from './define-config.js';

/** Static discovery table: service name → its addresses. */
export type ServiceTable = Record<string, { http?: string; grpc?: string }>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function validateServiceTable(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'object' || entry === null) return `"${name}" must be an object {http?, grpc?}`;
    for (const [k, v] of Object.entries(entry)) {
      if (k !== 'http' && k !== 'grpc') return `"${name}" has unknown key "${k}" (expected http, grpc)`;
      if (typeof v !== 'string' || !/^https?:\/\//.test(v)) return `"${name}.${k}" must be an http(s) URL`;
    }
  }
  return undefined;
}

/** Keys every service loads; set by the launcher and by tests. */
export const baseConfig = defineConfig({
  httpPort: c.int({
    env: 'HTTP_PORT',
    default: 0,
    min: 0,
    max: 65535,
    doc: 'HTTP/1.1 port (0 = any free port)',
  }),
  grpcPort: c.int({
    env: 'GRPC_PORT',
    default: 0,
    min: 0,
    max: 65535,
    doc: 'gRPC (h2c) port, only opened when the service has gRPC',
  }),
  host: c.string({ env: 'HOST', default: '127.0.0.1', doc: 'bind address' }),
  databaseUrl: c.optionalString({
    env: 'DATABASE_URL',
    doc: "the service's own database (required when the service has migrations)",
    secret: true,
  }),
  databaseReadUrl: c.optionalString({
    env: 'DATABASE_READ_URL',
    doc: "a streaming replica of the service's database: `ctx.dbRead` reads from it (default: the primary)",
    secret: true,
  }),
  cacheRedisUrl: c.optionalString({
    env: 'GARRISON_REDIS_URL',
    doc: 'Redis for the read cache that answers GETs while the database is down (default: in memory)',
    secret: true,
  }),
  bus: c.string({ env: 'GARRISON_BUS', default: 'pgboss', doc: '`pgboss` or an AMQP URL (amqp://...)' }),
  busDatabaseUrl: c.optionalString({
    env: 'BUS_DATABASE_URL',
    doc: 'the kit-owned `bus` database (required for pgboss)',
    secret: true,
  }),
  busPrefix: c.string({
    env: 'BUS_PREFIX',
    default: '',
    doc: 'prefix for every exchange/queue name (isolates tests and side-by-side systems)',
  }),
  services: c.json<ServiceTable>({
    env: 'GARRISON_SERVICES',
    default: {},
    validate: validateServiceTable,
    doc: 'static discovery table, JSON {"users":{"http":"http://127.0.0.1:8102","grpc":"http://127.0.0.1:9102"}}',
  }),
  discovery: c.string({
    env: 'GARRISON_DISCOVERY',
    default: 'static',
    doc: '`static` (the GARRISON_SERVICES table) or etcd://host:2379[,host:2379…] (cluster mode, docs/discovery.md)',
  }),
  amqpQueueType: c.oneOf(['classic', 'quorum'] as const, {
    env: 'AMQP_QUEUE_TYPE',
    default: 'classic',
    doc: 'RabbitMQ queue type: `quorum` in a cluster (replicated), `classic` on one broker; the same for every service',
  }),
  readinessIntervalMs: c.int({
    env: 'READINESS_INTERVAL_MS',
    default: 2000,
    min: 100,
    doc: 'how often an instance re-checks its readiness; not ready takes it out of discovery',
  }),
  grpcBreakerFailures: c.int({
    env: 'GRPC_BREAKER_FAILURES',
    default: 5,
    min: 1,
    doc: 'consecutive UNAVAILABLE/DEADLINE_EXCEEDED answers from one instance that open its circuit (gRPC clients)',
  }),
  grpcBreakerCooldownMs: c.int({
    env: 'GRPC_BREAKER_COOLDOWN_MS',
    default: 5000,
    min: 0,
    doc: 'how long an open circuit fails fast before a trial call',
  }),
  metricsPort: c.int({
    env: 'METRICS_PORT',
    default: 0,
    min: 0,
    max: 65535,
    doc: 'internal port for /metrics of a service whose HTTP port is public (the gateway); 0 = any free port',
  }),
  metricsHost: c.string({
    env: 'METRICS_HOST',
    default: '127.0.0.1',
    doc: 'bind address of that internal /metrics listener',
  }),
  trustedJwks: c.json<JSONWebKeySet>({
    env: 'GARRISON_TRUSTED_JWKS',
    default: { keys: [] },
    validate: (v) =>
      typeof v === 'object' && v !== null && Array.isArray((v as { keys?: unknown }).keys)
        ? undefined
        : 'expected a JWKS, {"keys":[...]}',
    doc: "public keys (JWKS) trusted for access tokens besides auth's own; tests set their key here",
  }),
  tokenIssuer: c.string({
    env: 'GARRISON_TOKEN_ISSUER',
    default: 'garrison',
    doc: 'required `iss` of access tokens checked by every service',
  }),
  tokenAudience: c.string({
    env: 'GARRISON_TOKEN_AUDIENCE',
    default: 'garrison',
    doc: 'required `aud` of access tokens checked by every service',
  }),
  revocationPollMs: c.int({
    env: 'GARRISON_REVOCATION_POLL_MS',
    default: 1000,
    min: 100,
    doc: 'how often a service asks auth for newly revoked users (deactivated, a role removed)',
  }),
  logLevel: c.oneOf(LOG_LEVELS, { env: 'LOG_LEVEL', default: 'info', doc: 'pino log level' }),
  otlpEndpoint: c.optionalString({
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    doc: 'OTLP/HTTP endpoint; traces are exported only when set',
  }),
});

export type BaseConfig = ConfigValues<typeof baseConfig>;

/** Checks that need more than one key; returned as problems so they join the ConfigError list. */
export function crossCheckBaseConfig(values: BaseConfig): string[] {
  const problems: string[] = [];
  // Runs even when other keys failed, so the one ConfigError lists everything; bus is never undefined
  // here (it has a default), but a failed parse leaves it unset.
  if (values.bus !== undefined && values.bus !== 'pgboss' && !/^amqps?:\/\//.test(values.bus)) {
    problems.push(`GARRISON_BUS: expected "pgboss" or an amqp:// URL, got "${values.bus}"`);
  }
  if (values.discovery !== undefined) {
    const spec = parseDiscoverySpec(values.discovery);
    if (typeof spec === 'string') problems.push(spec);
  }
  return problems;
}
