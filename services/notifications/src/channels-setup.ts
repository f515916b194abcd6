import type { CommandConsumer, EventConsumer, ServiceContext } from '@garrison/kit';
import { Counter } from 'prom-client';
import type { NotificationsDatabase } from './adapters/database.js';
import { mailboxMailer, smtpMailer, type Mailer } from './adapters/mailer.js';
import { deliveryPlanner } from './app/plan-deliveries.js';
import type { NotificationsConfig } from './config.js';
import { deliver, type OnStored } from './entry-points/consumers.js';
import { tanksConsumers } from './entry-points/tanks-consumers.js';
import { deliveryWorkers } from './entry-points/workers.js';

export interface Channels {
  /** Wraps the service's OnStored: also plans the email/webhook deliveries in the same transaction. */
  onStored: OnStored;
  /** The Tanks event consumers (tournaments, ratings). */
  consumers: EventConsumer[];
  workers: CommandConsumer[];
  mailer: Mailer;
}

/** The optional channels (email, webhook): the delivery planner, its work queues and the mailer. */
export function setupChannels(
  ctx: ServiceContext<NotificationsDatabase, NotificationsConfig>,
  countStored: (type: string) => void,
): Channels {
  const { config } = ctx;
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl) : mailboxMailer();
  const plan = deliveryPlanner(ctx.bus, mailer.mode);
  const onStored: OnStored = async (type, stored) => {
    await plan(stored.tx, stored.id, stored.notification);
    countStored(type);
  };
  const outcomes = new Counter({
    name: 'notifications_deliveries_total',
    help: 'Email/webhook delivery attempts by channel and outcome (sent, retry, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [ctx.metrics],
  });
  const workers = deliveryWorkers(
    {
      db: ctx.db,
      mailer,
      mailFrom: config.mailFrom,
      attempts: config.deliveryAttempts,
      webhookTimeoutMs: config.webhookTimeoutMs,
      webhookAllowPrivate: config.webhookAllowPrivate,
      onOutcome: (channel, outcome) => outcomes.inc({ channel, outcome }),
    },
    { baseDelayMs: config.deliveryRetryBaseMs, maxDelayMs: Math.max(config.deliveryRetryBaseMs, 600_000) },
  );
  return {
    onStored,
    consumers: tanksConsumers((tx, n) => deliver(tx, n, onStored)),
    workers,
    mailer,
  };
}
