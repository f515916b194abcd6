import type { Bus } from '@garrison/kit';
import type { Transaction } from 'kysely';
import { insertDelivery, loadChannelSettings, loadTypeChoice } from '../adapters/channel-repository.js';
import type { NotificationsDatabase } from '../adapters/database.js';
import { planDeliveries } from '../domain/channels.js';
import type { NewNotification } from '../domain/notification.js';
import type { OptionalChannel } from '../domain/preferences.js';

/** The work queue of each optional channel: a slow webhook never holds up mail, and the other way round. */
export const DELIVERY_QUEUES: Record<OptionalChannel, string> = {
  email: 'notifications.email',
  webhook: 'notifications.webhook',
};
export const DELIVER_COMMAND = 'notification.deliver';

export interface DeliveryPlanner {
  (tx: Transaction<NotificationsDatabase>, notificationId: string, n: NewNotification): Promise<void>;
}

/**
 * After a notification is stored, in the SAME transaction: a delivery row per channel the user wants,
 * and its command in the outbox. Either all of it commits with the inbox row, or none of it.
 */
export function deliveryPlanner(bus: Bus, emailMode: 'smtp' | 'mailbox'): DeliveryPlanner {
  return async (tx, notificationId, n) => {
    const wanted = await loadTypeChoice(tx, n.userId, n.type);
    if (!wanted.email && !wanted.webhook) return;
    const settings = await loadChannelSettings(tx, n.userId);
    for (const planned of planDeliveries(wanted, settings, emailMode)) {
      const deliveryId = await insertDelivery(tx, { notificationId, userId: n.userId, ...planned });
      if (!deliveryId) continue;
      await bus.send(tx, DELIVERY_QUEUES[planned.channel], { type: DELIVER_COMMAND, data: { deliveryId } });
    }
  };
}
