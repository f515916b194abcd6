import { onEvent, type EventEnvelope, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';

interface UserFacts {
  id: string;
  login: string;
  roles?: string[];
  active?: boolean;
}

/**
 * The tracker's own copy of accounts, kept from the users stream (it never asks users). Each event
 * carries the state it changes; a fact older than the stored row (out-of-order delivery) is ignored.
 * Eligibility is a generated column of the table.
 */
async function upsertAccount(tx: Transaction<Database>, occurredAt: string, facts: UserFacts): Promise<void> {
  const at = new Date(occurredAt);
  await tx
    .insertInto('accounts')
    .values({
      id: facts.id,
      login: facts.login,
      roles: facts.roles ?? [],
      active: facts.active ?? true,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          login: facts.login,
          ...(facts.roles ? { roles: facts.roles } : {}),
          ...(facts.active !== undefined ? { active: facts.active } : {}),
          updated_at: at,
        })
        .where('accounts.updated_at', '<=', at),
    )
    .execute();
}

type UserEvent = EventEnvelope<UserFacts>;
type Tx = Transaction<Database>;

export const accountsProjection = [
  onEvent<UserFacts, Tx>({
    producer: 'users',
    type: 'user.created',
    versions: [1],
    handle: (e: UserEvent, tx) => upsertAccount(tx, e.occurredAt, e.data),
  }),
  onEvent<UserFacts, Tx>({
    producer: 'users',
    type: 'user.updated',
    versions: [1],
    handle: (e: UserEvent, tx) => upsertAccount(tx, e.occurredAt, e.data),
  }),
  onEvent<UserFacts, Tx>({
    producer: 'users',
    type: 'user.roles-changed',
    versions: [1],
    handle: (e: UserEvent, tx) => upsertAccount(tx, e.occurredAt, e.data),
  }),
  onEvent<UserFacts, Tx>({
    producer: 'users',
    type: 'user.deactivated',
    versions: [1],
    handle: (e: UserEvent, tx) => upsertAccount(tx, e.occurredAt, { ...e.data, active: false }),
  }),
];
