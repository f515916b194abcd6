import { onCommand, type CommandConsumer, type RetryPolicy } from '@garrison/kit';
import type { Transaction } from 'kysely';
import type { NotificationsDatabase } from '../adapters/database.js';
import { deliverEmail, deliverWebhook, type DeliveryDeps } from '../app/deliver.js';
import { DELIVERY_QUEUES } from '../app/plan-deliveries.js';

type Tx = Transaction<NotificationsDatabase>;

/** The delivery work queues (commands written by the delivery planner, SPEC 5.1 "notification delivery"). */
export function deliveryWorkers(deps: DeliveryDeps, retry: Omit<RetryPolicy, 'attempts'>): CommandConsumer[] {
  const policy = { ...retry, attempts: deps.attempts };
  return [
    onCommand<{ deliveryId: string }, Tx>({
      queue: DELIVERY_QUEUES.email,
      concurrency: 2,
      retry: policy,
      handle: (command, tx) => deliverEmail(deps, tx, command.data.deliveryId),
    }),
    onCommand<{ deliveryId: string }, Tx>({
      queue: DELIVERY_QUEUES.webhook,
      // Each attempt holds a connection for up to the webhook timeout: keep the pool for the rest.
      concurrency: 4,
      retry: policy,
      handle: (command, tx) => deliverWebhook(deps, tx, command.data.deliveryId),
    }),
  ];
}
