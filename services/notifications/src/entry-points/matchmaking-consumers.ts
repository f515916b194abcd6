// Matchmaking events → notifications: challenge received/accepted/declined and match found.
import { onEvent, type EventConsumer } from '@garrison/kit';
import type { Transaction } from 'kysely';
import type { NotificationsDatabase } from '../adapters/database.js';
import {
  challengeAccepted,
  challengeDeclined,
  challengeReceived,
  matchFound,
} from '../domain/matchmaking-notifications.js';
import { deliver, type OnStored } from './consumers.js';

type Tx = Transaction<NotificationsDatabase>;
type Data<F extends (eventId: string, data: never) => unknown> = Parameters<F>[1];

export const matchmakingConsumers = (onStored: OnStored = () => {}): EventConsumer[] => [
  onEvent<Data<typeof challengeReceived>, Tx>({
    producer: 'matchmaking',
    type: 'challenge.created',
    versions: [1],
    handle: (event, tx) => deliver(tx, challengeReceived(event.id, event.data), onStored),
  }),
  onEvent<Data<typeof challengeAccepted>, Tx>({
    producer: 'matchmaking',
    type: 'challenge.accepted',
    versions: [1],
    handle: (event, tx) => deliver(tx, challengeAccepted(event.id, event.data), onStored),
  }),
  onEvent<Data<typeof challengeDeclined>, Tx>({
    producer: 'matchmaking',
    type: 'challenge.declined',
    versions: [1],
    async handle(event, tx) {
      await deliver(tx, challengeDeclined(event.id, event.data), onStored);
    },
  }),
  onEvent<Data<typeof matchFound>, Tx>({
    producer: 'matchmaking',
    type: 'match.found',
    versions: [1],
    async handle(event, tx) {
      for (const n of matchFound(event.id, event.data)) await deliver(tx, n, onStored);
    },
  }),
];
