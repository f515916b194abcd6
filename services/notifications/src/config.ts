import { c, defineConfig } from '@garrison/kit';

export const config = defineConfig({
  smtpUrl: c.optionalString({
    env: 'SMTP_URL',
    secret: true,
    doc: 'SMTP server for the email channel (smtp://user:pass@host:587, smtps://…); unset = embedded mode: mails go to the local mailbox the web app shows',
  }),
  mailFrom: c.string({
    env: 'MAIL_FROM',
    default: 'Garrison <no-reply@garrison.local>',
    doc: 'sender of notification emails',
  }),
  deliveryAttempts: c.int({
    env: 'NOTIFICATIONS_DELIVERY_ATTEMPTS',
    default: 8,
    min: 1,
    doc: 'attempts per email or webhook delivery (the first one included) before it is marked failed and dead-lettered',
  }),
  deliveryRetryBaseMs: c.int({
    env: 'NOTIFICATIONS_DELIVERY_RETRY_BASE_MS',
    default: 2_000,
    min: 0,
    doc: 'delay before the first delivery retry; doubles with every further retry (jittered, capped at 10 minutes)',
  }),
  webhookTimeoutMs: c.int({
    env: 'NOTIFICATIONS_WEBHOOK_TIMEOUT_MS',
    default: 5_000,
    min: 100,
    doc: 'deadline of one webhook POST',
  }),
  webhookAllowPrivate: c.bool({
    env: 'NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE',
    default: false,
    doc: 'allow webhook URLs that resolve to loopback/private/link-local addresses (local development only: otherwise users could make the server call internal ports)',
  }),
});

export type NotificationsConfig = typeof config;
