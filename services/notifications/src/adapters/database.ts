import type { ColumnType, Generated } from 'kysely';

/** The notifications database (migrations/), as Kysely sees it. */
export interface NotificationsDatabase {
  notifications: {
    id: Generated<string>;
    seq: ColumnType<string, never, never>;
    user_id: string;
    type: string;
    title: string;
    body: string;
    data: ColumnType<Record<string, unknown>, string, string>;
    source_event_id: string;
    created_at: ColumnType<Date, never, never>;
    read_at: ColumnType<Date | null, never, Date | null>;
  };
  notification_preferences: {
    user_id: string;
    type: string;
    channel: string;
    enabled: boolean;
    updated_at: ColumnType<Date, never, Date>;
  };
  notification_channels: {
    user_id: string;
    email: string | null;
    webhook_url: string | null;
    webhook_secret: string | null;
    updated_at: ColumnType<Date, never, Date>;
  };
  notification_deliveries: {
    id: Generated<string>;
    notification_id: string;
    user_id: string;
    channel: 'email' | 'webhook';
    target: string | null;
    status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
    attempts: ColumnType<number, never, number>;
    last_error: string | null;
    created_at: ColumnType<Date, never, never>;
    updated_at: ColumnType<Date, never, Date>;
    delivered_at: ColumnType<Date | null, never, Date | null>;
  };
  mailbox: {
    id: Generated<string>;
    seq: ColumnType<string, never, never>;
    delivery_id: string;
    user_id: string;
    to_address: string | null;
    from_address: string;
    subject: string;
    body: string;
    created_at: ColumnType<Date, never, never>;
  };
}

export type DeliveryStatus = 'pending' | 'retrying' | 'sent' | 'failed';
