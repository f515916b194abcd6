// What a user is told. Pure: no I/O, no framework.

/** Every notification type the product knows (SPEC section 2). */
export const NOTIFICATION_TYPES = [
  'welcome',
  'roles.changed',
  'tournament.invited',
  'tournament.application-decided',
  'challenge.received',
  'challenge.accepted',
  'challenge.declined',
  'match.found',
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

/** The task's name as people read it: "UBERPOP-42 Feed the parrots", or just the title. */
const taskName = (task: { title: string; jiraId: string | null }) =>
  task.jiraId ? `${task.jiraId} ${task.title}` : task.title;

export function taskAssigned(
  eventId: string,
  assignment: {
    taskId: string;
    title: string;
    jiraId: string | null;
    assigneeId: string;
    previousAssigneeId: string | null;
  },
): NewNotification {
  return {
    userId: assignment.assigneeId,
    type: 'task.assigned',
    title: `New task: ${taskName(assignment)}`,
    body: 'The task is yours now: do it and mark it done in "My tasks".',
    data: {
      taskId: assignment.taskId,
      title: assignment.title,
      jiraId: assignment.jiraId,
      reassigned: assignment.previousAssigneeId !== null,
    },
    sourceEventId: eventId,
  };
}

/** The daily payout "email": how much was paid for which billing day. */
export function payoutMade(
  eventId: string,
  payout: { transactionId: string; userId: string; day: string; amount: number },
): NewNotification {
  return {
    userId: payout.userId,
    type: 'payout.made',
    title: `Payout: ${payout.amount} for ${payout.day}`,
    body: `Your balance of ${payout.amount} for ${payout.day} was paid out; your account starts the next day at 0.`,
    data: { transactionId: payout.transactionId, day: payout.day, amount: payout.amount },
    sourceEventId: eventId,
  };
}

interface FinishedSeat {
  userId: string | null;
  builtin: string | null;
  place: number;
  score: number;
}

const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

/**
 * "Your battle finished": one notification per user who had a bot in it (their best seat when they
 * had several), with the result and where to get the replay.
 */
export function battleFinished(
  eventId: string,
  battle: { battleId: string; kind: string; ranked: boolean; participants: readonly FinishedSeat[] },
): NewNotification[] {
  const best = new Map<string, FinishedSeat>();
  for (const seat of battle.participants) {
    if (!seat.userId) continue;
    const known = best.get(seat.userId);
    if (!known || seat.place < known.place) best.set(seat.userId, seat);
  }
  const of = battle.participants.length;
  const opponents = battle.participants.map((p) => p.builtin).filter((b): b is string => b !== null);
  return [...best.entries()].map(([userId, seat]) => ({
    userId,
    type: 'battle.finished',
    title: `Battle finished: ${seat.place === 1 ? 'you won' : `you placed ${ordinal(seat.place)} of ${of}`}`,
    body:
      `Your ${battle.ranked ? 'ranked ' : ''}${battle.kind} battle is over: ${ordinal(seat.place)} place, ` +
      `score ${Math.round(seat.score * 10) / 10}` +
      (opponents.length > 0 ? ` (built-in: ${opponents.join(', ')})` : '') +
      '. Watch the replay to see how it went.',
    data: {
      battleId: battle.battleId,
      kind: battle.kind,
      ranked: battle.ranked,
      place: seat.place,
      score: seat.score,
      participants: of,
      replayUrl: `/api/battles/${battle.battleId}/replay`,
      battleUrl: `/battles/${battle.battleId}`,
    },
    sourceEventId: eventId,
  }));
}
