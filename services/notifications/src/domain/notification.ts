// What a user is told. Pure: no I/O, no framework.

/** Every notification type the product knows (SPEC section 2); this issue produces the first two. */
export const NOTIFICATION_TYPES = [
  'welcome',
  'roles.changed',
  'tournament.invited',
  'tournament.application-decided',
  'challenge.received',
  'challenge.accepted',
  'challenge.declined',
  'battle.starting-soon',
  'battle.finished',
  'tournament.started',
  'tournament.finished',
  'tournament.cancelled',
  'rating.changed',
  'task.assigned',
  'payout.made',
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** A notification about to enter a user's inbox. */
export interface NewNotification {
  userId: string;
  type: NotificationType;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** The event it was made from: with userId and type, the key that makes it exactly-once. */
  sourceEventId: string;
}

/** A notification as the inbox shows it (SHARED-DECISIONS "Notifications shapes"). */
export interface NotificationView {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export function welcome(
  eventId: string,
  user: { id: string; login: string; displayName: string },
): NewNotification {
  return {
    userId: user.id,
    type: 'welcome',
    title: `Welcome to Garrison, ${user.displayName}`,
    body: `Your account "${user.login}" is ready. Write a bot, join a battle, or pick up a task.`,
    data: { login: user.login },
    sourceEventId: eventId,
  };
}

const listOrNone = (roles: readonly string[]) => (roles.length ? roles.join(', ') : 'none');

export function rolesChanged(
  eventId: string,
  change: { id: string; roles: readonly string[]; previousRoles: readonly string[] },
): NewNotification {
  const roles = [...change.roles].sort();
  const added = roles.filter((r) => !change.previousRoles.includes(r));
  const removed = [...change.previousRoles].sort().filter((r) => !change.roles.includes(r));
  return {
    userId: change.id,
    type: 'roles.changed',
    title: `Your roles changed: ${listOrNone(roles)}`,
    body:
      `Added: ${listOrNone(added)}. Removed: ${listOrNone(removed)}. ` +
      'The change applies to your session at the next token refresh (within 15 minutes).',
    data: { roles, previousRoles: [...change.previousRoles].sort(), added, removed },
    sourceEventId: eventId,
  };
}
