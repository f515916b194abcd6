import { problem, sql, withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { dayInZone, isIsoDay } from '../domain/billing-day.js';
import { payoutFor } from '../domain/ledger.js';
import { applyMoves, lockForClose } from './ledger-writer.js';

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
    // Set-wise, as fees are: one ledger insert, one balance update, one outbox write for every payout.
    const moves = positive.map((account) => ({
      userId: account.user_id,
      type: 'payout' as const,
      amount: payoutFor(Number(account.balance)),
      task: null,
      cause: `payout:${account.user_id}:${day}`,
      billingDay: day,
    }));
    const applied = await applyMoves(tx, bus, moves);
    const payouts = moves.flatMap((move, i) => {
      const done = applied[i];
      return done ? [{ move, done }] : [];
    });
    const totalPaid = payouts.reduce((sum, p) => sum + p.move.amount, 0);
    await bus.publishMany(
      tx,
      payouts.map(({ move, done }) => ({
        type: 'payout.made',
        version: 1,
        data: {
          transactionId: done.transactionId,
          userId: move.userId,
          day,
          amount: move.amount,
          paidAt: done.appliedAt,
        },
      })),
    );
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
