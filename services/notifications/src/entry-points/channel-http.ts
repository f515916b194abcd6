import { identityOf, problem, requireAuth, withTransaction, type HttpApp } from '@garrison/kit';
import type { Kysely } from 'kysely';
import {
  listDeliveries,
  listMailbox,
  loadChannelSettings,
  rotateWebhookSecret,
  saveChannelSettings,
} from '../adapters/channel-repository.js';
import type { NotificationsDatabase } from '../adapters/database.js';
import { loadPreferences, savePreferences } from '../adapters/inbox-repository.js';
import { NOTIFICATION_TYPES } from '../domain/notification.js';
import { effectivePreferences, OPTIONAL_CHANNELS, type StoredPreference } from '../domain/preferences.js';
import { refusedWebhookUrl } from '../domain/webhook-target.js';
import {
  DeliveriesQuerySchema,
  DeliveriesSchema,
  MailboxQuerySchema,
  MailboxSchema,
  PreferencesSchema,
  PreferencesUpdateSchema,
  WebhookSecretSchema,
} from './schemas.js';
import type { Static } from 'typebox';

const tags = ['notifications'];
type EmailDelivery = 'smtp' | 'mailbox';
type Db = Kysely<NotificationsDatabase>;

/** GET/PUT preferences: per type × channel, plus where the channels deliver. */
async function preferencesOf(db: Db, userId: string, emailDelivery: EmailDelivery) {
  const preferences = effectivePreferences(await loadPreferences(db, userId));
  const settings = await loadChannelSettings(db, userId);
  return {
    preferences,
    types: Object.fromEntries(preferences.map((p) => [p.type, { email: p.email, webhook: p.webhook }])),
    email: settings.email,
    webhookUrl: settings.webhookUrl,
    webhookSecret: settings.webhookSecret,
    emailDelivery,
  } as Static<typeof PreferencesSchema>;
}

/** Both forms of the update (the `preferences` list and the `types` map) as stored rows. */
function changesOf(body: Static<typeof PreferencesUpdateSchema>): StoredPreference[] {
  const changes: StoredPreference[] = [];
  for (const p of body.preferences ?? []) {
    for (const channel of OPTIONAL_CHANNELS) {
      const enabled = p[channel];
      if (enabled !== undefined) changes.push({ type: p.type, channel, enabled });
    }
  }
  for (const type of NOTIFICATION_TYPES) {
    const choice = body.types?.[type];
    for (const channel of OPTIONAL_CHANNELS) {
      const enabled = choice?.[channel];
      if (enabled !== undefined) changes.push({ type, channel, enabled });
    }
  }
  // One row per key: a later mention wins (the upsert must not touch a row twice).
  const byKey = new Map(changes.map((c) => [`${c.type}/${c.channel}`, c]));
  return [...byKey.values()];
}

export function registerChannelHttp(
  app: HttpApp,
  db: Db,
  emailDelivery: EmailDelivery,
  webhookAllowPrivate = false,
): void {
  app.get(
    '/api/notifications/preferences',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'My delivery preferences per type and channel, and where email and webhook go',
        response: { 200: PreferencesSchema },
      },
    },
    async (req) => preferencesOf(db, identityOf(req).userId, emailDelivery),
  );

  app.put(
    '/api/notifications/preferences',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Change delivery preferences (only the channels and fields given change)',
        body: PreferencesUpdateSchema,
        response: { 200: PreferencesSchema },
      },
    },
    async (req) => {
      const { userId } = identityOf(req);
      const { email, webhookUrl } = req.body;
      // A URL into our own network is refused before anything is stored (delivery checks again).
      const refused = webhookUrl ? refusedWebhookUrl(webhookUrl, webhookAllowPrivate) : undefined;
      if (refused) throw problem(400, 'Invalid webhook URL', `body/webhookUrl: ${refused}`);
      await withTransaction(db, async (tx) => {
        await savePreferences(tx, userId, changesOf(req.body));
        if (email !== undefined || webhookUrl !== undefined)
          await saveChannelSettings(tx, userId, {
            ...(email !== undefined ? { email } : {}),
            ...(webhookUrl !== undefined ? { webhookUrl } : {}),
          });
      });
      return preferencesOf(db, userId, emailDelivery);
    },
  );

  app.post(
    '/api/notifications/preferences/webhook-secret',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Replace my webhook signing secret (the old one stops working at once)',
        response: { 200: WebhookSecretSchema },
      },
    },
    async (req) => {
      const secret = await withTransaction(db, (tx) => rotateWebhookSecret(tx, identityOf(req).userId));
      if (!secret) throw problem(409, 'No webhook', 'set a webhook URL first');
      return { webhookSecret: secret };
    },
  );

  app.get(
    '/api/notifications/mailbox',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Emails sent to me in embedded mode (no SMTP server), newest first',
        querystring: MailboxQuerySchema,
        response: { 200: MailboxSchema },
      },
    },
    async (req) => ({ emailDelivery, items: await listMailbox(db, identityOf(req).userId, req.query.limit) }),
  );

  app.get(
    '/api/notifications/deliveries',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'My recent email and webhook deliveries with their status, newest first',
        querystring: DeliveriesQuerySchema,
        response: { 200: DeliveriesSchema },
      },
    },
    async (req) => ({ items: await listDeliveries(db, identityOf(req).userId, req.query.limit) }),
  );
}
