// The notification preferences, mailbox and delivery endpoints (SPEC section 2 "notifications").
import type { ApiClient } from './client';

export interface ChannelChoice {
  email: boolean;
  webhook: boolean;
}

export interface NotificationPreferences {
  types: Record<string, ChannelChoice>;
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  /** smtp: real mail; mailbox: embedded mode, mails are kept for the Mailbox screen. */
  emailDelivery: 'smtp' | 'mailbox';
}

export interface PreferencesChange {
  types?: Record<string, Partial<ChannelChoice>>;
  email?: string | null;
  webhookUrl?: string | null;
}

export interface MailboxMail {
  id: string;
  to: string | null;
  from: string;
  subject: string;
  body: string;
  createdAt: string;
}

export interface Delivery {
  id: string;
  type: string;
  title: string;
  channel: 'email' | 'webhook';
  target: string | null;
  status: 'pending' | 'retrying' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export function notificationSettingsApi(client: ApiClient) {
  return {
    preferences: () => client.get<NotificationPreferences>('/api/notifications/preferences'),
    savePreferences: (change: PreferencesChange) =>
      client.put<NotificationPreferences>('/api/notifications/preferences', change),
    rotateWebhookSecret: () =>
      client.post<{ webhookSecret: string }>('/api/notifications/preferences/webhook-secret'),
    mailbox: () =>
      client.get<{ emailDelivery: 'smtp' | 'mailbox'; items: MailboxMail[] }>('/api/notifications/mailbox'),
    deliveries: () => client.get<{ items: Delivery[] }>('/api/notifications/deliveries?limit=20'),
  };
}
