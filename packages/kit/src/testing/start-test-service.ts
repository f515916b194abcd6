import { randomBytes } from 'node:crypto';
import type { Env } from '../config/define-config.js';
import { createService } from '../service/create-service.js';
import type { ServiceContext, ServiceDefinition } from '../service/types.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { createEventProbe, type EventProbe } from '../messaging/testing.js';
import { TEST_AMQP_URL } from './needs.js';
import { testIdentityEnv } from './tokens.js';

export interface TestServiceOptions {
  /** Which transport carries the service's messages (default pgboss, on a fresh bus database). */
  bus?: 'pgboss' | 'amqp';
  /** Extra environment, e.g. the service's own keys or GARRISON_SERVICES; wins over the defaults. */
  env?: Env;
  /** Give the service a fresh database even without migrations (default: only when it has migrations). */
  database?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface TestService<DB = any, C = any> {
  name: string;
  /** Base HTTP URL, e.g. http://127.0.0.1:41234 */
  url: string;
  grpcUrl?: string;
  /** Where its Prometheus metrics are served (an internal listener for the gateway). */
  metricsUrl: string;
  ctx: ServiceContext<DB, C>;
  /** Every event the service's relay publishes. */
  events: EventProbe;
  /** The environment the service was started with (database URLs, bus prefix...). */
  env: Env;
  /** Stops the service and drops the databases created for it. */
  stop(): Promise<void>;
}

/**
 * Starts `def` in this process on port 0 against the real local PostgreSQL (and RabbitMQ for `amqp`),
 * with databases and bus names of its own so tests never see each other's data.
 */
export async function startTestService<DB, C>(
  def: ServiceDefinition<DB, C>,
  opts: TestServiceOptions = {},
): Promise<TestService<DB, C>> {
  const created: TestDatabase[] = [];
  const stops: (() => Promise<void>)[] = [];
  const dropAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await Promise.all(created.map((d) => d.drop().catch(() => {})));
  };
  try {
    const env: Env = {
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      BUS_PREFIX: `t${randomBytes(4).toString('hex')}.`,
      // identityHeaders() tokens are signed with the process-wide test key: the service trusts it.
      ...testIdentityEnv,
    };
    if (def.migrations || opts.database) {
      const db = await createTestDatabase(def.name);
      created.push(db);
      env.DATABASE_URL = db.url;
    }
    // The bus database carries pg-boss: the event transport by default, and the scheduler's jobs
    // even when events travel over RabbitMQ.
    const bus = await createTestDatabase(`${def.name}_bus`);
    created.push(bus);
    env.BUS_DATABASE_URL = bus.url;
    env.GARRISON_BUS = (opts.bus ?? 'pgboss') === 'pgboss' ? 'pgboss' : TEST_AMQP_URL;
    Object.assign(env, opts.env);

    // The probe listens before the service starts, so events published during start are seen too.
    const events = await createEventProbe({
      config: {
        bus: env.GARRISON_BUS!,
        busDatabaseUrl: env.GARRISON_BUS === 'pgboss' ? env.BUS_DATABASE_URL : undefined,
        busPrefix: env.BUS_PREFIX ?? '',
      },
      producers: [def.name],
    });
    stops.push(() => events.stop());
    const running = await createService(def, env);
    return {
      name: running.name,
      url: running.httpUrl,
      grpcUrl: running.grpcUrl,
      metricsUrl: running.metricsUrl,
      ctx: running.ctx,
      events,
      env,
      async stop() {
        await running.stop();
        await dropAll();
      },
    };
  } catch (err) {
    await dropAll();
    throw err;
  }
}

/** The environment that puts another service on `svc`'s bus: its transport, bus database and prefix. */
export function onTheBusOf(svc: Pick<TestService, 'env'>): Env {
  return pick(svc.env, ['GARRISON_BUS', 'BUS_DATABASE_URL', 'BUS_PREFIX']);
}

/** The environment of a second instance of `svc`: its database as well as its bus. */
export function anotherInstanceOf(svc: Pick<TestService, 'env'>): Env {
  return pick(svc.env, ['GARRISON_BUS', 'BUS_DATABASE_URL', 'BUS_PREFIX', 'DATABASE_URL']);
}

/** The keys of `env` that are set: an unset one must not blank the default of the service it goes to. */
function pick(env: Env, keys: string[]): Env {
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}
