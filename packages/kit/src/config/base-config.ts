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
  return problems;
}
