import { randomInt, randomUUID } from 'node:crypto';
import { causedBy, sql, type Bus, type EventEnvelope, type Transaction } from '@garrison/kit';
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

export interface TaskRef {
  taskId: string;
  title?: string | null;
  jiraId?: string | null;
  /** The event that mentions the task: the cause of its `task.priced` if this prices it. */
  cause?: EventEnvelope;
}

/** See knowTasks; for one task. */
export async function knowTask(tx: Tx, bus: Bus, ref: TaskRef): Promise<KnownTask> {
  const known = await knowTasks(tx, bus, [ref]);
  return known.get(ref.taskId)!;
}

/**
 * Prices a task the first time any event mentions it (creation, assignment or completion, in
 * whatever order they arrive) and publishes `task.priced` then; later mentions only fill in the
 * title or jira id still missing. Prices are never re-rolled.
 * Many tasks in one statement: `DO UPDATE` (not `DO NOTHING`) so every row comes back — also one
 * another transaction committed after this statement began — and `xmax = 0` tells a new row.
 * Rows are locked in id order, so two batches never wait on each other's tasks crosswise.
 */
export async function knowTasks(tx: Tx, bus: Bus, refs: TaskRef[]): Promise<Map<string, KnownTask>> {
  const byId = new Map<string, TaskRef>();
  for (const ref of refs) {
    const earlier = byId.get(ref.taskId);
    // as if applied one after another: what an earlier mention told stays
    byId.set(
      ref.taskId,
      earlier ? { ...earlier, title: earlier.title || ref.title, jiraId: earlier.jiraId || ref.jiraId } : ref,
    );
  }
  const input = [...byId.values()];
  if (input.length === 0) return new Map();
  const prices = input.map(() => drawPrice((min, max) => randomInt(min, max + 1)));
  const { rows } = await sql<TaskRow & { priced_now: boolean }>`
    INSERT INTO tasks (id, title, jira_id, fee, reward, priced_at)
    SELECT id, title, jira_id, fee, reward, ${new Date()}
      FROM unnest(${input.map((r) => r.taskId)}::uuid[], ${input.map((r) => r.title || null)}::text[],
                  ${input.map((r) => r.jiraId || null)}::text[], ${prices.map((p) => p.fee)}::int[],
                  ${prices.map((p) => p.reward)}::int[]) AS t(id, title, jira_id, fee, reward)
     ORDER BY id
    ON CONFLICT (id) DO UPDATE
       SET title = coalesce(tasks.title, excluded.title), jira_id = coalesce(tasks.jira_id, excluded.jira_id)
    RETURNING id, title, jira_id, fee, reward, priced_at, (xmax = 0) AS priced_now`.execute(tx);
  const priced = rows.filter((r) => r.priced_now);
  if (priced.length > 0) {
    await bus.publishMany(
      tx,
      priced.map((r) => {
        const cause = byId.get(r.id)?.cause;
        return {
          type: 'task.priced',
          version: 1,
          data: { taskId: r.id, fee: r.fee, reward: r.reward, pricedAt: r.priced_at.toISOString() },
          ...(cause ? { meta: causedBy(cause) } : {}),
        };
      }),
    );
  }
  return new Map(
    rows.map((r) => [r.id, { id: r.id, title: r.title, jiraId: r.jira_id, fee: r.fee, reward: r.reward }]),
  );
}

interface TaskRow {
  id: string;
  title: string | null;
  jira_id: string | null;
  fee: number;
  reward: number;
  priced_at: Date;
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
  /** The event the move answers: the cause of its `account.transaction-applied`. */
  causedBy?: EventEnvelope;
}

export interface AppliedMove {
  transactionId: string;
  appliedAt: string;
}

/** See applyMoves; for one move. Null if already applied. */
export async function applyMove(tx: Tx, bus: Bus, move: Move): Promise<AppliedMove | null> {
  const [applied] = await applyMoves(tx, bus, [move]);
  return applied ?? null;
}

/**
 * Writes the ledger rows and the balance changes together, then tells the world; one entry per
 * move, null for a move whose cause was applied before (or earlier in the same list).
 * Set-wise: one account upsert, one multi-row ledger insert (the unique `cause` keeps each move
 * exactly once), one balance update per account by the sum of its new rows, one outbox write.
 */
export async function applyMoves(tx: Tx, bus: Bus, moves: Move[]): Promise<Array<AppliedMove | null>> {
  if (moves.length === 0) return [];
  const userIds = [...new Set(moves.map((m) => m.userId))].sort();
  await ensureAccounts(tx, userIds);
  const causes = new Set<string>();
  const fresh = moves.filter((m) => !causes.has(m.cause) && Boolean(causes.add(m.cause)));
  const { rows: inserted } = await sql<{ id: string; cause: string; applied_at: Date }>`
    INSERT INTO ledger (id, user_id, type, amount, task_id, billing_day, cause, applied_at)
    SELECT id, user_id, type, amount, task_id, billing_day, cause, clock_timestamp()
      FROM unnest(${fresh.map(() => randomUUID())}::uuid[], ${fresh.map((m) => m.userId)}::uuid[],
                  ${fresh.map((m) => m.type)}::text[], ${fresh.map((m) => String(m.amount))}::bigint[],
                  ${fresh.map((m) => m.task?.id ?? null)}::uuid[], ${fresh.map((m) => m.billingDay)}::date[],
                  ${fresh.map((m) => m.cause)}::text[])
           WITH ORDINALITY AS m(id, user_id, type, amount, task_id, billing_day, cause, ord)
     ORDER BY ord
    ON CONFLICT (cause) DO NOTHING
    RETURNING id, cause, applied_at`.execute(tx);
  if (inserted.length === 0) return moves.map(() => null);
  failpoint('accounting.after-ledger-insert'); // reliability tests only: dies here, before the commit

  const rowByCause = new Map(inserted.map((r) => [r.cause, r]));
  const applied = new Set(fresh.filter((m) => rowByCause.has(m.cause)));
  const deltaByUser = new Map<string, number>();
  for (const m of applied) {
    deltaByUser.set(m.userId, (deltaByUser.get(m.userId) ?? 0) + balanceDelta(m.type, m.amount));
  }
  const { rows: balances } = await sql<{ user_id: string; balance: string }>`
    UPDATE accounts a SET balance = a.balance + d.delta, updated_at = ${new Date()}
      FROM unnest(${[...deltaByUser.keys()]}::uuid[], ${[...deltaByUser.values()].map(String)}::bigint[])
           AS d(user_id, delta)
     WHERE a.user_id = d.user_id
    RETURNING a.user_id, a.balance`.execute(tx);

  // Each row's balance after it, as if the moves were applied one after another in order.
  const running = new Map(balances.map((b) => [b.user_id, Number(b.balance) - deltaByUser.get(b.user_id)!]));
  await bus.publishMany(
    tx,
    [...applied].map((m) => {
      const row = rowByCause.get(m.cause)!;
      const balanceAfter = running.get(m.userId)! + balanceDelta(m.type, m.amount);
      running.set(m.userId, balanceAfter);
      return {
        type: 'account.transaction-applied',
        version: 1,
        data: {
          transactionId: row.id,
          userId: m.userId,
          type: m.type,
          amount: m.amount,
          taskId: m.task?.id ?? null,
          taskTitle: m.task?.title ?? null,
          jiraId: m.task?.jiraId ?? null,
          billingDay: m.billingDay,
          balanceAfter,
          appliedAt: row.applied_at.toISOString(),
        },
        ...(m.causedBy ? { meta: causedBy(m.causedBy) } : {}),
      };
    }),
  );
  return moves.map((m) => {
    const row = rowByCause.get(m.cause);
    return row && applied.has(m) ? { transactionId: row.id, appliedAt: row.applied_at.toISOString() } : null;
  });
}

/** Opens the accounts a batch of moves names (in id order: no crosswise waits between batches). */
async function ensureAccounts(tx: Tx, userIds: string[]): Promise<void> {
  await sql`
    INSERT INTO accounts (user_id, login, balance, updated_at)
    SELECT user_id, NULL, 0, ${new Date()} FROM unnest(${userIds}::uuid[]) AS u(user_id) ORDER BY user_id
    ON CONFLICT (user_id) DO NOTHING`.execute(tx);
}
