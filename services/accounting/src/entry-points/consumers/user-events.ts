import { onEvent, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';
import { ensureAccount } from '../../app/ledger-writer.js';

type Tx = Transaction<Database>;

/** Accounts learn their login from the users stream (a money move may have opened the account first). */
export const userEvents = [
  onEvent<{ id: string; login: string }, Tx>({
    producer: 'users',
    type: 'user.created',
    versions: [1],
    handle: (event, tx) => ensureAccount(tx, event.data.id, event.data.login),
  }),
  onEvent<{ id: string; login: string }, Tx>({
    producer: 'users',
    type: 'user.updated',
    versions: [1],
    handle: (event, tx) => ensureAccount(tx, event.data.id, event.data.login),
  }),
];
