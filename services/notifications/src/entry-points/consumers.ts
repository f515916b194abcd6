import { onEvent, type EventConsumer } from '@garrison/kit';
import type { Transaction } from 'kysely';
import { insertNotification } from '../adapters/inbox-repository.js';
import type { NotificationsDatabase } from '../adapters/database.js';
import {
  battleFinished,
  payoutMade,
  rolesChanged,
  taskAssigned,
  welcome,
  type NewNotification,
} from '../domain/notification.js';
import { announce } from '../live/live-signal.js';

type Tx = Transaction<NotificationsDatabase>;

interface UserCreatedV1 {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
}

interface UserRolesChangedV1 {
  id: string;
  login: string;
  roles: string[];
  previousRoles: string[];
}

interface UserDeactivatedV1 {
  id: string;
  login: string;
}

interface TaskAssignedV1 {
  assignmentId: string;
  taskId: string;
  title: string;
  jiraId: string | null;
  assigneeId: string;
  previousAssigneeId: string | null;
  assignedAt: string;
}

interface PayoutMadeV1 {
  transactionId: string;
  userId: string;
  day: string;
  amount: number;
  paidAt: string;
}

/**
 * Called once per notification actually stored, inside its transaction (metrics; the service also
 * plans the email/webhook deliveries here so they commit with the inbox row).
 */
export type OnStored = (
  type: string,
  stored: { tx: Tx; id: string; notification: NewNotification },
) => void | Promise<void>;

/** Stores the notification and, in the same transaction, announces it to every instance's live clients. */
export async function deliver(tx: Tx, notification: NewNotification, onStored: OnStored): Promise<void> {
  const id = await insertNotification(tx, notification);
  if (!id) return;
  await announce(tx as Transaction<unknown>, { kind: 'created', userId: notification.userId, id });
  await onStored(notification.type, { tx, id, notification });
}

export const onUserCreated = (onStored: OnStored = () => {}): EventConsumer =>
  onEvent<UserCreatedV1, Tx>({
    producer: 'users',
    type: 'user.created',
    versions: [1],
    handle: (event, tx) => deliver(tx, welcome(event.id, event.data), onStored),
  });

export const onUserRolesChanged = (onStored: OnStored = () => {}): EventConsumer =>
  onEvent<UserRolesChangedV1, Tx>({
    producer: 'users',
    type: 'user.roles-changed',
    versions: [1],
    handle: (event, tx) => deliver(tx, rolesChanged(event.id, event.data), onStored),
  });

/** A deactivated account's open streams close on every instance (after this transaction commits). */
export const onUserDeactivated = (): EventConsumer =>
  onEvent<UserDeactivatedV1, Tx>({
    producer: 'users',
    type: 'user.deactivated',
    versions: [1],
    handle: (event, tx) =>
      announce(tx as Transaction<unknown>, { kind: 'deactivated', userId: event.data.id }),
  });

// The assignee may not be known here yet (user.created still in flight): the inbox is keyed by user id
// alone, so the notification waits there until the user looks.
export const onTaskAssigned = (onStored: OnStored = () => {}): EventConsumer =>
  onEvent<TaskAssignedV1, Tx>({
    producer: 'tasks',
    type: 'task.assigned',
    versions: [1],
    handle: (event, tx) => deliver(tx, taskAssigned(event.id, event.data), onStored),
  });

export const onPayoutMade = (onStored: OnStored = () => {}): EventConsumer =>
  onEvent<PayoutMadeV1, Tx>({
    producer: 'accounting',
    type: 'payout.made',
    versions: [1],
    handle: (event, tx) => deliver(tx, payoutMade(event.id, event.data), onStored),
  });

interface BattleFinishedV1 {
  battleId: string;
  kind: string;
  ranked: boolean;
  participants: Array<{ userId: string | null; builtin: string | null; place: number; score: number }>;
}

/** Every user with a bot in the battle learns the result and gets the replay link. */
export const onBattleFinished = (onStored: OnStored = () => {}): EventConsumer =>
  onEvent<BattleFinishedV1, Tx>({
    producer: 'battles',
    type: 'battle.finished',
    versions: [1],
    async handle(event, tx) {
      for (const notification of battleFinished(event.id, event.data))
        await deliver(tx, notification, onStored);
    },
  });
