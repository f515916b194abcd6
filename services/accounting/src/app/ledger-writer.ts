import { randomInt, randomUUID } from 'node:crypto';
import { sql, type Bus, type Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { dayInZone, openBillingDay } from '../domain/billing-day.js';
import { balanceDelta, type TransactionType } from '../domain/ledger.js';
import { drawPrice, type TaskPrice } from '../domain/prices.js';
import { failpoint } from '../failpoint.js';

type Tx = Transaction<Database>;

/**
 * Applying money moves and closing days are serialised by one advisory lock: moves take it shared
 * (they run side by side), a close takes it exclusively. So every ledger row lands wholly before a
 * close (in the closed day) or wholly after it (in the next open day) — never half in between.
 */
const CLOSE_LOCK = 7_214_001;
export const lockForMoves = (tx: Tx) => sql`SELECT pg_advisory_xact_lock_shared(${CLOSE_LOCK})`.execute(tx);
export const lockForClose = (tx: Tx) => sql`SELECT pg_advisory_xact_lock(${CLOSE_LOCK})`.execute(tx);

export interface KnownTask extends TaskPrice {
  id: string;
  title: string | null;
  jiraId: string | null;
}

/**
 * Prices a task the first time any event mentions it (creation, assignment or completion, in
 * whatever order they arrive) and publishes `task.priced` then; later mentions only fill in the
 * title or jira id still missing. Prices are never re-rolled.
 */
export async function knowTask(
  tx: Tx,
  bus: Bus,
  ref: { taskId: string; title?: string | null; jiraId?: string | null },
): Promise<KnownTask> {
  const price = drawPrice((min, max) => randomInt(min, max + 1));
  const inserted = await tx
    .insertInto('tasks')
    .values({
      id: ref.taskId,
      title: ref.title ?? null,
      jira_id: ref.jiraId ?? null,
      ...price,
      priced_at: new Date(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) {
    await bus.publish(tx, {
      type: 'task.priced',
      version: 1,
      data: {
        taskId: inserted.id,
        fee: inserted.fee,
        reward: inserted.reward,
        pricedAt: inserted.priced_at.toISOString(),
      },
    });
  } else if (ref.title || ref.jiraId) {
    // fill in only what is still unknown: a later event must not erase what an earlier one told
    await tx
      .updateTable('tasks')
      .set({
        title: sql<string>`coalesce(title, ${ref.title ?? null})`,
        jira_id: sql<string>`coalesce(jira_id, ${ref.jiraId ?? null})`,
      })
      .where('id', '=', ref.taskId)
      .execute();
  }
  const row = await tx.selectFrom('tasks').selectAll().where('id', '=', ref.taskId).executeTakeFirstOrThrow();
  return { id: row.id, title: row.title, jiraId: row.jira_id, fee: row.fee, reward: row.reward };
}

/** An account exists from the first money move or user event that names it. */
export async function ensureAccount(tx: Tx, userId: string, login?: string): Promise<void> {
  await tx
    .insertInto('accounts')
    .values({ user_id: userId, login: login ?? null, balance: '0', updated_at: new Date() })
    .onConflict((oc) =>
      login ? oc.column('user_id').doUpdateSet({ login }) : oc.column('user_id').doNothing(),
    )
    .execute();
}

export async function currentBillingDay(tx: Tx, timeZone: string, now = new Date()): Promise<string> {
  const closed = await tx
    .selectFrom('billing_days')
    .select(sql<string>`day::text`.as('day'))
    .where('day', '>=', dayInZone(now, timeZone))
    .execute();
  const closedDays = new Set(closed.map((r) => r.day));
  return openBillingDay(now, timeZone, (d) => closedDays.has(d));
}

export interface Move {
  userId: string;
  type: TransactionType;
  amount: number;
  task: KnownTask | null;
  /** What caused the move; a cause is applied once, however often its event is delivered. */
  cause: string;
  billingDay: string;
}

export interface AppliedMove {
  transactionId: string;
  appliedAt: string;
}

/** Writes one ledger row and the balance change together, then tells the world. Null if already applied. */
export async function applyMove(tx: Tx, bus: Bus, move: Move): Promise<AppliedMove | null> {
  await ensureAccount(tx, move.userId);
  const row = await tx
    .insertInto('ledger')
    .values({
      id: randomUUID(),
      user_id: move.userId,
      type: move.type,
      amount: String(move.amount),
      task_id: move.task?.id ?? null,
      billing_day: move.billingDay,
      cause: move.cause,
      applied_at: new Date(),
    })
    .onConflict((oc) => oc.column('cause').doNothing())
    .returning(['id', 'applied_at'])
    .executeTakeFirst();
  if (!row) return null;
  failpoint('accounting.after-ledger-insert'); // reliability tests only: dies here, before the commit
  const account = await tx
    .updateTable('accounts')
    .set((eb) => ({
      balance: eb('balance', '+', String(balanceDelta(move.type, move.amount))),
      updated_at: new Date(),
    }))
    .where('user_id', '=', move.userId)
    .returning('balance')
    .executeTakeFirstOrThrow();
  await bus.publish(tx, {
    type: 'account.transaction-applied',
    version: 1,
    data: {
      transactionId: row.id,
      userId: move.userId,
      type: move.type,
      amount: move.amount,
      taskId: move.task?.id ?? null,
      taskTitle: move.task?.title ?? null,
      jiraId: move.task?.jiraId ?? null,
      billingDay: move.billingDay,
      balanceAfter: Number(account.balance),
      appliedAt: row.applied_at.toISOString(),
    },
  });
  return { transactionId: row.id, appliedAt: row.applied_at.toISOString() };
}
