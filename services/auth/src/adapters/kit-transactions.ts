import { withTransaction, type Kysely } from '@garrison/kit';
import type { Transactions } from '../app/ports.js';
import type { AuthDatabase } from './database.js';
import { PostgresAuthStore } from './postgres-auth-store.js';

export function kitTransactions(db: Kysely<AuthDatabase>): Transactions {
  return { run: (work) => withTransaction(db, (tx) => work(new PostgresAuthStore(tx))) };
}
