import { problem, sql, withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { dayInZone, isIsoDay } from '../domain/billing-day.js';
import { payoutFor } from '../domain/ledger.js';
import { applyMove, lockForClose } from './ledger-writer.js';

export interface DayClosed {
  day: string;
  paidAccounts: number;
  totalPaid: number;
}

/**
 * Pays every positive balance and carries the rest. A day closes once: closing it again answers
 * the first close's figures and pays nobody twice (payout causes are unique per user and day too).
 */
export async function closeDay(
  db: Kysely<Database>,
  bus: Bus,
  timeZone: string,
  day: string,
): Promise<DayClosed> {
  if (!isIsoDay(day)) throw problem(400, 'Invalid day', `"${day}" is not an ISO date (YYYY-MM-DD)`);
  if (day > dayInZone(new Date(), timeZone)) {
    throw problem(
      422,
      'Day not over',
      `${day} has not begun yet in ${timeZone}; only today or past days can be closed`,
    );
  }
  return withTransaction(db, async (tx) => {
    await lockForClose(tx);
    const earlier = await tx
      .selectFrom('billing_days')
      .select(['paid_accounts', 'total_paid'])
      .where('day', '=', day)
      .executeTakeFirst();
    if (earlier) return { day, paidAccounts: earlier.paid_accounts, totalPaid: Number(earlier.total_paid) };

    const positive = await tx
      .selectFrom('accounts')
      .select(['user_id', 'balance'])
      .where(sql`balance`, '>', 0)
      .orderBy('user_id')
      .forUpdate()
      .execute();
    let totalPaid = 0;
    for (const account of positive) {
      const amount = payoutFor(Number(account.balance));
      const applied = await applyMove(tx, bus, {
        userId: account.user_id,
        type: 'payout',
        amount,
        task: null,
        cause: `payout:${account.user_id}:${day}`,
        billingDay: day,
      });
      if (!applied) continue;
      totalPaid += amount;
      await bus.publish(tx, {
        type: 'payout.made',
        version: 1,
        data: {
          transactionId: applied.transactionId,
          userId: account.user_id,
          day,
          amount,
          paidAt: applied.appliedAt,
        },
      });
    }
    const closedAt = new Date();
    await tx
      .insertInto('billing_days')
      .values({ day, closed_at: closedAt, paid_accounts: positive.length, total_paid: String(totalPaid) })
      .execute();
    await bus.publish(tx, {
      type: 'billing.day-closed',
      version: 1,
      data: { day, paidAccounts: positive.length, totalPaid, closedAt: closedAt.toISOString() },
    });
    return { day, paidAccounts: positive.length, totalPaid };
  });
}
