import { withTransaction, type ServiceContext } from '@garrison/kit';
import type { Transactions } from '../app/ports.js';
import type { config } from '../config.js';
import type { UsersDatabase } from './database.js';
import { PostgresUsers } from './postgres-users.js';

/** Unit of work on the service database: rows and outbox events commit in one transaction. */
export function kitTransactions(ctx: ServiceContext<UsersDatabase, typeof config>): Transactions {
  return {
    run: (work) =>
      withTransaction(ctx.db, (tx) =>
        work(new PostgresUsers(tx), {
          publish: async (event) => {
            await ctx.bus.publish(tx, { type: event.type, version: 1, data: event.data });
          },
        }),
      ),
  };
}
