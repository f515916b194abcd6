// The optional channels (email, webhook): who gets what, what a mail says, how a webhook is signed.
// Pure: no I/O.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NotificationView } from './notification.js';
import type { OptionalChannel } from './preferences.js';

/** Where a user's optional channels deliver (set in their preferences). */
export interface ChannelSettings {
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

export const NO_CHANNEL_SETTINGS: ChannelSettings = { email: null, webhookUrl: null, webhookSecret: null };

export interface PlannedDelivery {
  channel: OptionalChannel;
  /** The address or URL; null only for a mailbox mail of a user without an address. */
  target: string | null;
}

/**
 * The deliveries one notification gets besides in-app. A channel the user switched on but has nowhere
 * to go (no webhook URL; no email address while real SMTP is used) is left out: there is nobody to try.
 */
export function planDeliveries(
  wanted: { email: boolean; webhook: boolean },
  settings: ChannelSettings,
  emailMode: 'smtp' | 'mailbox',
): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  if (wanted.email && (settings.email || emailMode === 'mailbox'))
    planned.push({ channel: 'email', target: settings.email });
  if (wanted.webhook && settings.webhookUrl)
    planned.push({ channel: 'webhook', target: settings.webhookUrl });
  return planned;
}

export interface Mail {
  from: string;
  to: string | null;
  subject: string;
  text: string;
}

/** A notification as a plain-text mail. */
export function renderMail(
  n: Pick<NotificationView, 'title' | 'body'>,
  from: string,
  to: string | null,
): Mail {
  return {
    from,
    to,
    subject: n.title,
    text: `${n.body}\n\n--\nGarrison. Change what you receive by email under Settings → Notifications.\n`,
  };
}

/** What the user's endpoint receives (JSON body). `deliveryId` is stable across retries: dedupe on it. */
export interface WebhookPayload {
  deliveryId: string;
  userId: string;
  notification: NotificationView;
}

export const SIGNATURE_HEADER = 'x-garrison-signature';
export const TIMESTAMP_HEADER = 'x-garrison-timestamp';
export const DELIVERY_HEADER = 'x-garrison-delivery';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the user's webhook secret. The timestamp is
 * signed too so a captured request cannot be replayed later unnoticed.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's check (used by tests; documented for users in docs/notifications.md). */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** A delivery failure another attempt cannot fix (no address; a URL into our own network). */
export class PermanentDeliveryError extends Error {}
