import { problem, sql, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { dayInZone, isIsoDay } from '../domain/billing-day.js';

export interface Statement {
  userId: string;
  day: string;
  balance: number;
  transactions: Array<{
    id: string;
    type: 'fee' | 'reward' | 'payout';
    amount: number;
    taskId: string | null;
    taskTitle: string | null;
    jiraId: string | null;
    at: string;
  }>;
}

export function resolveDay(day: string | undefined, timeZone: string): string {
  if (day === undefined) return dayInZone(new Date(), timeZone);
  if (!isIsoDay(day)) throw problem(400, 'Invalid day', `"${day}" is not an ISO date (YYYY-MM-DD)`);
  return day;
}

/**
 * A worker's balance now and the audit log of one billing day, read from one snapshot: a money move
 * committing between the two reads must not show its ledger row without its balance change.
 */
export function statementOf(db: Kysely<Database>, userId: string, day: string): Promise<Statement> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((tx) => readStatement(tx, userId, day));
}

async function readStatement(db: Kysely<Database>, userId: string, day: string): Promise<Statement> {
  const account = await db
    .selectFrom('accounts')
    .select('balance')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('ledger')
    .leftJoin('tasks', 'tasks.id', 'ledger.task_id')
    .select([
      'ledger.id',
      'ledger.type',
      'ledger.amount',
      'ledger.task_id',
      'tasks.title',
      'tasks.jira_id',
      'ledger.applied_at',
    ])
    .where('ledger.user_id', '=', userId)
    .where('ledger.billing_day', '=', day)
    .orderBy('ledger.applied_at')
    .execute();
  return {
    userId,
    day,
    balance: Number(account?.balance ?? 0),
    transactions: rows.map((r) => ({
      id: r.id,
      type: r.type,
      amount: Number(r.amount),
      taskId: r.task_id,
      taskTitle: r.title,
      jiraId: r.jira_id,
      at: r.applied_at.toISOString(),
    })),
  };
}

export async function listAccounts(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('accounts')
    .select(['user_id', 'login', 'balance'])
    .orderBy('login')
    .execute();
  return { items: rows.map((r) => ({ userId: r.user_id, login: r.login, balance: Number(r.balance) })) };
}

export interface DaySummary {
  day: string;
  managementEarnings: number;
  feesDebited: number;
  rewardsCredited: number;
  paidOut: number;
}

/** Per-day money totals; management earnings = fees debited − rewards credited (payouts excluded). */
export async function daySummaries(db: Kysely<Database>, from: string, to: string): Promise<DaySummary[]> {
  const rows = await db
    .selectFrom('ledger')
    .select([
      sql<string>`billing_day::text`.as('day'),
      sql<string>`coalesce(sum(amount) FILTER (WHERE type = 'fee'), 0)`.as('fees'),
      sql<string>`coalesce(sum(amount) FILTER (WHERE type = 'reward'), 0)`.as('rewards'),
      sql<string>`coalesce(sum(amount) FILTER (WHERE type = 'payout'), 0)`.as('payouts'),
    ])
    .where('billing_day', '>=', from)
    .where('billing_day', '<=', to)
    .groupBy('billing_day')
    .orderBy('billing_day')
    .execute();
  return rows.map((r) => ({
    day: r.day,
    managementEarnings: Number(r.fees) - Number(r.rewards),
    feesDebited: Number(r.fees),
    rewardsCredited: Number(r.rewards),
    paidOut: Number(r.payouts),
  }));
}

export async function daySummary(db: Kysely<Database>, day: string): Promise<DaySummary> {
  const [found] = await daySummaries(db, day, day);
  return found ?? { day, managementEarnings: 0, feesDebited: 0, rewardsCredited: 0, paidOut: 0 };
}
