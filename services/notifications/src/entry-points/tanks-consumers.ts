// Tanks events → notifications (SPEC 2 "notifications"): tournaments and ratings.
import { onEvent, type EventConsumer } from '@garrison/kit';
import type { Transaction } from 'kysely';
import type { NotificationsDatabase } from '../adapters/database.js';
import type { NewNotification } from '../domain/notification.js';
import {
  applicationDecided,
  battleStartingSoon,
  ratingChanged,
  tournamentCancelled,
  tournamentFinished,
  tournamentInvited,
  tournamentStarted,
} from '../domain/tanks-notifications.js';

type Tx = Transaction<NotificationsDatabase>;
/** Stores one notification (exactly once per event, user and type) and plans its deliveries. */
export type Store = (tx: Tx, notification: NewNotification) => Promise<void>;

type Data<F extends (eventId: string, data: never) => unknown> = Parameters<F>[1];

async function storeAll(store: Store, tx: Tx, notifications: NewNotification[]): Promise<void> {
  for (const n of notifications) await store(tx, n);
}

export const tanksConsumers = (store: Store): EventConsumer[] => [
  onEvent<Data<typeof tournamentInvited>, Tx>({
    producer: 'tournaments',
    type: 'tournament.invitation-sent',
    versions: [1],
    handle: (event, tx) => store(tx, tournamentInvited(event.id, event.data)),
  }),
  onEvent<Data<typeof applicationDecided>, Tx>({
    producer: 'tournaments',
    type: 'tournament.application-decided',
    versions: [1],
    handle: (event, tx) => store(tx, applicationDecided(event.id, event.data)),
  }),
  onEvent<Data<typeof tournamentStarted>, Tx>({
    producer: 'tournaments',
    type: 'tournament.started',
    versions: [1],
    handle: (event, tx) => storeAll(store, tx, tournamentStarted(event.id, event.data)),
  }),
  onEvent<Data<typeof tournamentFinished>, Tx>({
    producer: 'tournaments',
    type: 'tournament.finished',
    versions: [1],
    handle: (event, tx) => storeAll(store, tx, tournamentFinished(event.id, event.data)),
  }),
  onEvent<Data<typeof tournamentCancelled>, Tx>({
    producer: 'tournaments',
    type: 'tournament.cancelled',
    versions: [1],
    handle: (event, tx) => storeAll(store, tx, tournamentCancelled(event.id, event.data)),
  }),
  onEvent<Data<typeof battleStartingSoon>, Tx>({
    producer: 'tournaments',
    type: 'tournament.battle-starting-soon',
    versions: [1],
    handle: (event, tx) => store(tx, battleStartingSoon(event.id, event.data)),
  }),
  onEvent<Data<typeof ratingChanged>, Tx>({
    producer: 'ratings',
    type: 'rating.changed',
    versions: [1],
    handle: (event, tx) => store(tx, ratingChanged(event.id, event.data)),
  }),
];
