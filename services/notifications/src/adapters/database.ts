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
}
