import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { NewNotification, NotificationView } from '../domain/notification.js';
import type { StoredPreference } from '../domain/preferences.js';
import type { NotificationsDatabase } from './database.js';

type Db = Kysely<NotificationsDatabase> | Transaction<NotificationsDatabase>;
type Row = Selectable<NotificationsDatabase['notifications']>;

export function toView(row: Row): NotificationView {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    data: row.data,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

/**
 * Adds a notification unless this event already produced it for this user and type.
 * Returns the new row's id, or undefined for a duplicate.
 */
export async function insertNotification(tx: Db, n: NewNotification): Promise<string | undefined> {
  const row = await tx
    .insertInto('notifications')
    .values({
      user_id: n.userId,
      type: n.type,
      title: n.title,
      body: n.body,
      data: JSON.stringify(n.data),
      source_event_id: n.sourceEventId,
    })
    .onConflict((oc) => oc.constraint('notifications_once_per_event').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findNotification(
  db: Db,
  userId: string,
  id: string,
): Promise<NotificationView | undefined> {
  const row = await db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

export interface ListQuery {
  userId: string;
  onlyUnread: boolean;
  limit: number;
  /** Return items older than this position (exclusive). */
  beforeSeq?: string;
}

/** Newest first; one extra row is read to know whether another page exists. */
export async function listNotifications(
  db: Db,
  q: ListQuery,
): Promise<{ items: NotificationView[]; lastSeq?: string; more: boolean }> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', q.userId);
  if (q.onlyUnread) query = query.where('read_at', 'is', null);
  if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return { items: page.map(toView), lastSeq: page.at(-1)?.seq, more: rows.length > q.limit };
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one notification read (keeping the first read time). Undefined when it is not the user's. */
export async function markRead(db: Db, userId: string, id: string): Promise<NotificationView | undefined> {
  const row = await db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllRead(db: Db, userId: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function loadPreferences(db: Db, userId: string): Promise<StoredPreference[]> {
  return db
    .selectFrom('notification_preferences')
    .select(['type', 'channel', 'enabled'])
    .where('user_id', '=', userId)
    .execute();
}

export async function savePreferences(
  db: Db,
  userId: string,
  prefs: readonly StoredPreference[],
): Promise<void> {
  if (prefs.length === 0) return;
  await db
    .insertInto('notification_preferences')
    .values(prefs.map((p) => ({ user_id: userId, type: p.type, channel: p.channel, enabled: p.enabled })))
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'type', 'channel'])
        .doUpdateSet((eb) => ({ enabled: eb.ref('excluded.enabled'), updated_at: sql<Date>`now()` })),
    )
    .execute();
}
