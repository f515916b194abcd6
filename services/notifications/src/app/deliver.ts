import { failpoint } from '@garrison/kit';
import type { Kysely, Transaction } from 'kysely';
import {
  countAttempt,
  findDelivery,
  loadChannelSettings,
  markDelivered,
  recordFailure,
  type DeliveryRecord,
} from '../adapters/channel-repository.js';
import type { NotificationsDatabase } from '../adapters/database.js';
import type { Mailer } from '../adapters/mailer.js';
import { postWebhook } from '../adapters/webhook-client.js';
import {
  DELIVERY_HEADER,
  PermanentDeliveryError,
  renderMail,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  type WebhookPayload,
} from '../domain/channels.js';

type Tx = Transaction<NotificationsDatabase>;

export interface DeliveryDeps {
  db: Kysely<NotificationsDatabase>;
  mailer: Mailer;
  mailFrom: string;
  attempts: number;
  webhookTimeoutMs: number;
  webhookAllowPrivate: boolean;
  /** Outcome per channel (metrics). */
  onOutcome?: (channel: string, outcome: 'sent' | 'retry' | 'failed') => void;
}

/**
 * One attempt of one delivery, inside the command's transaction. A failure is recorded on its own
 * connection (the transaction rolls back) and rethrown so the work queue retries with backoff; the
 * last attempt marks the delivery failed and leaves a dead letter that can be replayed.
 */
async function attempt(
  deps: DeliveryDeps,
  tx: Tx,
  deliveryId: string,
  send: (delivery: DeliveryRecord) => Promise<void>,
): Promise<void> {
  const delivery = await findDelivery(tx, deliveryId);
  // Gone (the notification was deleted) or already sent (a redelivered command): nothing to do.
  if (!delivery || delivery.status === 'sent') return;
  const n = await countAttempt(deps.db, deliveryId);
  try {
    await send(delivery);
    await markDelivered(tx, deliveryId);
    deps.onOutcome?.(delivery.channel, 'sent');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const permanent = err instanceof PermanentDeliveryError;
    const final = permanent || n >= deps.attempts;
    await recordFailure(deps.db, deliveryId, message, final);
    deps.onOutcome?.(delivery.channel, final ? 'failed' : 'retry');
    if (permanent) return;
    throw err;
  }
}

export function deliverEmail(deps: DeliveryDeps, tx: Tx, deliveryId: string): Promise<void> {
  return attempt(deps, tx, deliveryId, (d) =>
    deps.mailer.send(tx, d, renderMail(d.notification, deps.mailFrom, d.target)),
  );
}

export function deliverWebhook(deps: DeliveryDeps, tx: Tx, deliveryId: string): Promise<void> {
  return attempt(deps, tx, deliveryId, async (d) => {
    if (!d.target) throw new PermanentDeliveryError('no webhook URL');
    // The secret is read now (not copied into the delivery): a rotated secret signs the retries too.
    const { webhookSecret } = await loadChannelSettings(tx, d.userId);
    if (!webhookSecret) throw new PermanentDeliveryError('no webhook secret');
    const payload: WebhookPayload = { deliveryId: d.id, userId: d.userId, notification: d.notification };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    await postWebhook({
      url: d.target,
      body,
      headers: {
        [SIGNATURE_HEADER]: signWebhook(webhookSecret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [DELIVERY_HEADER]: d.id,
      },
      timeoutMs: deps.webhookTimeoutMs,
      allowPrivate: deps.webhookAllowPrivate,
    });
    failpoint('notifications.after-webhook-post'); // reliability tests only: sent, not yet marked sent
  });
}
