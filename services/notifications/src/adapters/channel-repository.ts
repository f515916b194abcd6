import { sql, type Kysely, type Transaction } from 'kysely';
import {
  newWebhookSecret,
  type ChannelSettings,
  type Mail,
  NO_CHANNEL_SETTINGS,
} from '../domain/channels.js';
import type { NotificationView } from '../domain/notification.js';
import type { OptionalChannel } from '../domain/preferences.js';
import type { DeliveryStatus, NotificationsDatabase } from './database.js';
import { toView } from './inbox-repository.js';

type Db = Kysely<NotificationsDatabase> | Transaction<NotificationsDatabase>;

export async function loadChannelSettings(db: Db, userId: string): Promise<ChannelSettings> {
  const row = await db
    .selectFrom('notification_channels')
    .select(['email', 'webhook_url', 'webhook_secret'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return NO_CHANNEL_SETTINGS;
  return { email: row.email, webhookUrl: row.webhook_url, webhookSecret: row.webhook_secret };
}

/**
 * Changes the fields given (null clears one). The webhook secret is made the first time a URL is set
 * and then kept, so changing the URL does not break a receiver that already checks signatures.
 */
export async function saveChannelSettings(
  tx: Transaction<NotificationsDatabase>,
  userId: string,
  change: { email?: string | null; webhookUrl?: string | null },
): Promise<ChannelSettings> {
  const current = await loadChannelSettings(tx, userId);
  const next: ChannelSettings = {
    email: change.email === undefined ? current.email : change.email,
    webhookUrl: change.webhookUrl === undefined ? current.webhookUrl : change.webhookUrl,
    webhookSecret: current.webhookSecret,
  };
  if (next.webhookUrl && !next.webhookSecret) next.webhookSecret = newWebhookSecret();
  const values = { email: next.email, webhook_url: next.webhookUrl, webhook_secret: next.webhookSecret };
  await tx
    .insertInto('notification_channels')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
  return next;
}

export async function rotateWebhookSecret(
  tx: Transaction<NotificationsDatabase>,
  userId: string,
): Promise<string | undefined> {
  const row = await tx
    .updateTable('notification_channels')
    .set({ webhook_secret: newWebhookSecret(), updated_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('webhook_url', 'is not', null)
    .returning('webhook_secret')
    .executeTakeFirst();
  return row?.webhook_secret ?? undefined;
}

/** The user's choice for one type: optional channels are off unless switched on. */
export async function loadTypeChoice(
  db: Db,
  userId: string,
  type: string,
): Promise<Record<OptionalChannel, boolean>> {
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['channel', 'enabled'])
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .execute();
  const on = (channel: OptionalChannel) => rows.some((r) => r.channel === channel && r.enabled);
  return { email: on('email'), webhook: on('webhook') };
}

export async function insertDelivery(
  tx: Transaction<NotificationsDatabase>,
  d: { notificationId: string; userId: string; channel: OptionalChannel; target: string | null },
): Promise<string | undefined> {
  const row = await tx
    .insertInto('notification_deliveries')
    .values({ notification_id: d.notificationId, user_id: d.userId, channel: d.channel, target: d.target })
    .onConflict((oc) => oc.constraint('notification_deliveries_once').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export interface DeliveryRecord {
  id: string;
  userId: string;
  channel: OptionalChannel;
  target: string | null;
  status: DeliveryStatus;
  attempts: number;
  notification: NotificationView;
}

export async function findDelivery(db: Db, id: string): Promise<DeliveryRecord | undefined> {
  const row = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .selectAll('n')
    .select([
      'd.id as delivery_id',
      'd.channel',
      'd.target',
      'd.status',
      'd.attempts',
      'd.user_id as delivery_user_id',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.delivery_id,
    userId: row.delivery_user_id,
    channel: row.channel,
    target: row.target,
    status: row.status,
    attempts: row.attempts,
    notification: toView(row),
  };
}

/** Counts an attempt before it is made (on its own connection: it must survive the attempt's rollback). */
export async function countAttempt(db: Kysely<NotificationsDatabase>, id: string): Promise<number> {
  const row = await db
    .updateTable('notification_deliveries')
    .set({ attempts: sql<number>`attempts + 1`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

/** Records a failed attempt, on its own connection (the handler's transaction is about to roll back). */
export async function recordFailure(
  db: Kysely<NotificationsDatabase>,
  id: string,
  error: string,
  final: boolean,
): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({
      status: final ? 'failed' : 'retrying',
      last_error: error.slice(0, 1000),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '!=', 'sent')
    .execute();
}

export async function markDelivered(tx: Db, id: string): Promise<void> {
  await tx
    .updateTable('notification_deliveries')
    .set({ status: 'sent', last_error: null, delivered_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export interface DeliveryView {
  id: string;
  notificationId: string;
  type: string;
  title: string;
  channel: OptionalChannel;
  target: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export async function listDeliveries(db: Db, userId: string, limit: number): Promise<DeliveryView[]> {
  const rows = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select([
      'd.id',
      'd.notification_id',
      'n.type',
      'n.title',
      'd.channel',
      'd.target',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.created_at',
      'd.delivered_at',
    ])
    .where('d.user_id', '=', userId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    notificationId: r.notification_id,
    type: r.type,
    title: r.title,
    channel: r.channel,
    target: r.target,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
  }));
}

export async function insertMail(tx: Db, m: Mail & { deliveryId: string; userId: string }): Promise<void> {
  await tx
    .insertInto('mailbox')
    .values({
      delivery_id: m.deliveryId,
      user_id: m.userId,
      to_address: m.to,
      from_address: m.from,
      subject: m.subject,
      body: m.text,
    })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .execute();
}

export interface MailView {
  id: string;
  to: string | null;
  from: string;
  subject: string;
  body: string;
  createdAt: string;
}

export async function listMailbox(db: Db, userId: string, limit: number): Promise<MailView[]> {
  const rows = await db
    .selectFrom('mailbox')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    to: r.to_address,
    from: r.from_address,
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at.toISOString(),
  }));
}
