import { Type } from 'typebox';
import { NOTIFICATION_TYPES } from '../domain/notification.js';

export const NotificationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String(),
  title: Type.String(),
  body: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const InboxPageSchema = Type.Object({
  items: Type.Array(NotificationSchema),
  unread: Type.Integer({ minimum: 0, description: 'unread notifications in the whole inbox' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'pass as `cursor` for the next (older) page',
  }),
});

export const InboxQuerySchema = Type.Object({
  unread: Type.Optional(
    Type.Boolean({ description: 'true: only unread notifications; false or absent: all' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
});

export const IdParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }) });

const TypeName = Type.Enum(NOTIFICATION_TYPES);

export const PreferenceSchema = Type.Object({
  type: TypeName,
  inApp: Type.Literal(true, { description: 'in-app notifications are always on' }),
  email: Type.Boolean(),
  webhook: Type.Boolean(),
});

const ChannelChoiceSchema = Type.Object({ email: Type.Boolean(), webhook: Type.Boolean() });
const ChannelChoiceUpdateSchema = Type.Object(
  { email: Type.Optional(Type.Boolean()), webhook: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

const EmailAddress = Type.String({ format: 'email', maxLength: 254 });
const WebhookUrl = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2000,
  description: 'receives a signed JSON POST per notification of the types with webhook on',
});

export const PreferencesSchema = Type.Object({
  preferences: Type.Array(PreferenceSchema),
  types: Type.Object(
    Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, ChannelChoiceSchema])) as Record<
      (typeof NOTIFICATION_TYPES)[number],
      typeof ChannelChoiceSchema
    >,
    { description: 'the same choices keyed by type: optional channels per type (in-app is always on)' },
  ),
  email: Type.Union([EmailAddress, Type.Null()], { description: 'where email notifications go' }),
  webhookUrl: Type.Union([WebhookUrl, Type.Null()]),
  webhookSecret: Type.Union([Type.String(), Type.Null()], {
    description:
      'HMAC-SHA256 key of the x-garrison-signature header; made when a webhook URL is first set (see docs/notifications.md)',
  }),
  emailDelivery: Type.Union([Type.Literal('smtp'), Type.Literal('mailbox')], {
    description: 'smtp: real mail; mailbox: embedded mode, mails are kept in GET /api/notifications/mailbox',
  }),
});

export const PreferencesUpdateSchema = Type.Object(
  {
    preferences: Type.Optional(
      Type.Array(
        Type.Object(
          {
            type: TypeName,
            inApp: Type.Optional(Type.Literal(true, { description: 'cannot be turned off' })),
            email: Type.Optional(Type.Boolean()),
            webhook: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { maxItems: NOTIFICATION_TYPES.length * 2 },
      ),
    ),
    types: Type.Optional(
      Type.Object(
        Object.fromEntries(
          NOTIFICATION_TYPES.map((t) => [t, Type.Optional(ChannelChoiceUpdateSchema)]),
        ) as Record<(typeof NOTIFICATION_TYPES)[number], Type.TOptional<typeof ChannelChoiceUpdateSchema>>,
        { additionalProperties: false, description: 'only the types and channels given change' },
      ),
    ),
    email: Type.Optional(Type.Union([EmailAddress, Type.Null()], { description: 'null removes it' })),
    webhookUrl: Type.Optional(Type.Union([WebhookUrl, Type.Null()], { description: 'null removes it' })),
  },
  { additionalProperties: false },
);

export const WebhookSecretSchema = Type.Object({ webhookSecret: Type.String() });

const LimitQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }) });
export const MailboxQuerySchema = LimitQuery;
export const DeliveriesQuerySchema = LimitQuery;

export const MailboxSchema = Type.Object({
  emailDelivery: Type.Union([Type.Literal('smtp'), Type.Literal('mailbox')]),
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      to: Type.Union([Type.String(), Type.Null()]),
      from: Type.String(),
      subject: Type.String(),
      body: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const DeliveriesSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      notificationId: Type.String({ format: 'uuid' }),
      type: Type.String(),
      title: Type.String(),
      channel: Type.Union([Type.Literal('email'), Type.Literal('webhook')]),
      target: Type.Union([Type.String(), Type.Null()]),
      status: Type.Union([
        Type.Literal('pending'),
        Type.Literal('retrying'),
        Type.Literal('sent'),
        Type.Literal('failed'),
      ]),
      attempts: Type.Integer({ minimum: 0 }),
      lastError: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String({ format: 'date-time' }),
      deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
});

export const ReadAllSchema = Type.Object({
  marked: Type.Integer({ minimum: 0 }),
  unread: Type.Integer({ minimum: 0 }),
});
