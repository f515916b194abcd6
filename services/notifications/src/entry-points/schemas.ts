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

export const PreferencesSchema = Type.Object({ preferences: Type.Array(PreferenceSchema) });

export const PreferencesUpdateSchema = Type.Object(
  {
    preferences: Type.Array(
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
  },
  { additionalProperties: false },
);

export const ReadAllSchema = Type.Object({
  marked: Type.Integer({ minimum: 0 }),
  unread: Type.Integer({ minimum: 0 }),
});
