// The bus metrics of one service, registered in the service's registry.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ConsumerLag } from './transport.js';

export interface MessagingMetrics {
  published: Counter<'type'>;
  handlerDuration: Histogram<'type' | 'outcome'>;
  deadLetters: Counter<'consumer' | 'type'>;
  outboxBacklog: Gauge;
  consumerLag: Gauge<'queue'>;
  oldestMessageAge: Gauge<'queue'>;
}

/** `countBacklog` runs on every scrape, so the gauge is exact without a timer. */
export function createMessagingMetrics(
  registry: Registry,
  countBacklog: () => Promise<number>,
  measureLag: () => Promise<ConsumerLag[]> = async () => [],
): MessagingMetrics {
  // One broker query per scrape feeds both lag gauges: the first collect() asks, the second reuses it.
  let lagOfScrape: Promise<ConsumerLag[]> | undefined;
  const lagOnce = (): Promise<ConsumerLag[]> => {
    if (!lagOfScrape) {
      lagOfScrape = measureLag();
      setImmediate(() => (lagOfScrape = undefined));
    }
    return lagOfScrape;
  };
  return {
    consumerLag: new Gauge({
      name: 'bus_consumer_lag_messages',
      help: 'Messages on a consumer queue not yet handled (waiting, waiting for a retry, or in hand)',
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        try {
          this.reset();
          for (const lag of await lagOnce()) this.set({ queue: lag.queue }, lag.messages);
        } catch {
          // broker unreachable: no figure rather than a wrong one; /readyz reports the outage
        }
      },
    }),
    oldestMessageAge: new Gauge({
      name: 'bus_consumer_oldest_message_age_seconds',
      help: 'Age of the oldest message not yet handled on a consumer queue (pg-boss transport only)',
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        try {
          this.reset();
          for (const lag of await lagOnce()) {
            if (lag.oldestAgeSeconds !== undefined) this.set({ queue: lag.queue }, lag.oldestAgeSeconds);
          }
        } catch {
          // as above
        }
      },
    }),
    published: new Counter({
      name: 'bus_published_total',
      help: 'Messages the outbox relay handed to the broker (confirmed)',
      labelNames: ['type'],
      registers: [registry],
    }),
    handlerDuration: new Histogram({
      name: 'bus_handler_duration_seconds',
      help: 'Time spent handling one delivery; outcome = ok | duplicate | skipped | retry | dead',
      labelNames: ['type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'bus_dead_letters_total',
      help: 'Messages given up on and stored as dead letters',
      labelNames: ['consumer', 'type'],
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox rows not yet confirmed by the broker',
      registers: [registry],
      async collect() {
        try {
          this.set(await countBacklog());
        } catch {
          // database unreachable: keep the last value; /readyz reports the outage
        }
      },
    }),
  };
}
