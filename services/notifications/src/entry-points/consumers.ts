import { onEvent, type EventConsumer } from '@garrison/kit';
import type { Transaction } from 'kysely';
import { insertNotification } from '../adapters/inbox-repository.js';
import type { NotificationsDatabase } from '../adapters/database.js';
import { rolesChanged, welcome, type NewNotification } from '../domain/notification.js';
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

/** Stores the notification and, in the same transaction, announces it to every instance's live clients. */
async function deliver(tx: Tx, notification: NewNotification): Promise<void> {
  const id = await insertNotification(tx, notification);
  if (id) await announce(tx as Transaction<unknown>, { kind: 'created', userId: notification.userId, id });
}

export const onUserCreated = (): EventConsumer =>
  onEvent<UserCreatedV1, Tx>({
    producer: 'users',
    type: 'user.created',
    versions: [1],
    handle: (event, tx) => deliver(tx, welcome(event.id, event.data)),
  });

export const onUserRolesChanged = (): EventConsumer =>
  onEvent<UserRolesChangedV1, Tx>({
    producer: 'users',
    type: 'user.roles-changed',
    versions: [1],
    handle: (event, tx) => deliver(tx, rolesChanged(event.id, event.data)),
  });
