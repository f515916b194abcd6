// Where the service runtime meets messaging: the real thing, or — for a service with no database
// and no bus configured (e.g. the gateway, or an HTTP-only test) — a stand-in that says why it cannot.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { BaseConfig } from '../config/base-config.js';
import { createMessaging, MessagingConfigError, type Messaging } from '../messaging/index.js';
import type { Bus } from '../messaging/types.js';
import type { Scheduler } from '../scheduler/index.js';

/** The parts of Messaging the service runtime uses. */
export type ServiceMessaging = Pick<Messaging, 'bus' | 'scheduler' | 'start' | 'ready' | 'stop'>;

function disabledMessaging(service: string): ServiceMessaging {
  const why = () =>
    new MessagingConfigError(
      `service "${service}" has no messaging: it needs DATABASE_URL (outbox/inbox) and BUS_DATABASE_URL for pgboss, or GARRISON_BUS=amqp://...`,
    );
  const fail = async (): Promise<never> => {
    throw why();
  };
  const bus: Bus = {
    publish: fail,
    publishMany: fail,
    send: fail,
    deadLetters: fail,
    replayDeadLetter: fail,
    consumerLag: async () => [],
  };
  const scheduler: Scheduler = { runAt: fail };
  return {
    bus,
    scheduler,
    async start(parts) {
      if (parts.consumers.length + parts.workers.length + parts.jobs.length > 0) throw why();
    },
    ready: async () => true,
    stop: async () => {},
  };
}

export async function createServiceMessaging(opts: {
  service: string;
  config: BaseConfig;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any> | undefined;
  log: Logger;
  metrics: Registry;
}): Promise<ServiceMessaging> {
  const { config } = opts;
  if (!config.databaseUrl && config.bus === 'pgboss' && !config.busDatabaseUrl)
    return disabledMessaging(opts.service);
  return createMessaging({ ...opts, options: { amqp: { queueType: config.amqpQueueType } } });
}
