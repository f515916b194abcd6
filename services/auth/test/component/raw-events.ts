import { randomUUID } from 'node:crypto';
import { createMessaging, type Env, type EventEnvelope } from '@garrison/kit';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';

/**
 * Puts envelopes on the bus exactly as given, past the producer-side validation and id generation of
 * `ctx.bus.publish`: the only way to deliver the same event twice or a malformed one, as a broken
 * or replaying producer would.
 */
export async function rawEventPublisher(env: Env, log: Logger) {
  const messaging = await createMessaging({
    service: 'raw-publisher',
    config: {
      bus: env.GARRISON_BUS ?? 'pgboss',
      busDatabaseUrl: env.BUS_DATABASE_URL,
      busPrefix: env.BUS_PREFIX ?? '',
    },
    db: undefined,
    log,
    metrics: new Registry(),
  });
  await messaging.start({ consumers: [], workers: [], jobs: [] });
  return {
    async publish(envelope: EventEnvelope): Promise<void> {
      await messaging.transport.publish([
        {
          to: { kind: 'event', producer: envelope.producer, type: envelope.type },
          message: { envelope, headers: {} },
        },
      ]);
    },
    stop: () => messaging.stop(),
  };
}

export function usersEvent(type: string, data: unknown, occurredAt = new Date()): EventEnvelope {
  const id = randomUUID();
  return {
    id,
    type,
    version: 1,
    occurredAt: occurredAt.toISOString(),
    producer: 'users',
    correlationId: id,
    causationId: null,
    data,
  };
}

/** How many deliveries a service's consumers finished with `outcome` (ok, duplicate, dead...). */
export async function handledCount(metrics: Registry, outcome: string): Promise<number> {
  const metric = await metrics.getSingleMetric('bus_handler_duration_seconds')?.get();
  return (metric?.values ?? [])
    .filter(
      (v) =>
        (v as { metricName?: string }).metricName === 'bus_handler_duration_seconds_count' &&
        v.labels['outcome'] === outcome,
    )
    .reduce((sum, v) => sum + v.value, 0);
}
