import { onEvent, type EventEnvelope, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';

interface UserFacts {
  id: string;
  login: string;
}

/**
 * Logins for the leaderboard, kept from the users stream (ratings never asks users). A fact older
 * than the stored row (out-of-order delivery) is ignored.
 */
async function upsertUser(e: EventEnvelope<UserFacts>, tx: Transaction<Database>): Promise<void> {
  const at = new Date(e.occurredAt);
  await tx
    .insertInto('users')
    .values({ id: e.data.id, login: e.data.login, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ login: e.data.login, updated_at: at })
        .where('users.updated_at', '<=', at),
    )
    .execute();
}

export const usersProjection = [
  onEvent<UserFacts, Transaction<Database>>({
    producer: 'users',
    type: 'user.created',
    versions: [1],
    handle: upsertUser,
  }),
  onEvent<UserFacts, Transaction<Database>>({
    producer: 'users',
    type: 'user.updated',
    versions: [1],
    handle: upsertUser,
  }),
];
