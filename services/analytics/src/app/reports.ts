import { problem, sql, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { MAX_PERIODS, periodsBetween, type PeriodUnit } from '../domain/periods.js';

export interface Summary {
  day: string;
  managementEarnings: number;
  negativeBalanceCount: number;
}

/** Earnings of the day (fees − rewards stamped with it) and how many workers ended it below zero. */
export async function summaryOf(db: Kysely<Database>, day: string): Promise<Summary> {
  const { rows } = await sql<{ earnings: string; negative: string }>`
    SELECT
      (SELECT coalesce(sum(CASE type WHEN 'fee' THEN amount WHEN 'reward' THEN -amount ELSE 0 END), 0)
         FROM transactions WHERE billing_day = ${day}) AS earnings,
      (SELECT count(*) FROM (
         SELECT user_id FROM transactions WHERE billing_day <= ${day}
          GROUP BY user_id
         HAVING sum(CASE type WHEN 'reward' THEN amount ELSE -amount END) < 0) AS below) AS negative`.execute(
    db,
  );
  return {
    day,
    managementEarnings: Number(rows[0]!.earnings),
    negativeBalanceCount: Number(rows[0]!.negative),
  };
}

export interface MostExpensive {
  periods: Array<{
    from: string;
    to: string;
    task: { id: string; title: string | null; jiraId: string | null; reward: number } | null;
  }>;
}

/** The highest completion reward among tasks completed in each period (UTC days). */
export async function mostExpensive(
  db: Kysely<Database>,
  from: string,
  to: string,
  by: PeriodUnit,
): Promise<MostExpensive> {
  if (from > to) throw problem(400, 'Invalid range', '`from` must not be after `to`');
  const periods = periodsBetween(from, to, by);
  if (periods.length > MAX_PERIODS)
    throw problem(400, 'Range too long', `at most ${MAX_PERIODS} periods per request`);
  const rows = await db
    .selectFrom('tasks')
    .select([
      'id',
      'title',
      'jira_id',
      'reward',
      sql<string>`(completed_at AT TIME ZONE 'UTC')::date::text`.as('day'),
    ])
    .where('completed_at', 'is not', null)
    .where('reward', 'is not', null)
    .where(sql`(completed_at AT TIME ZONE 'UTC')::date`, '>=', from)
    .where(sql`(completed_at AT TIME ZONE 'UTC')::date`, '<=', to)
    .orderBy('reward', 'desc')
    .orderBy('completed_at')
    .execute();
  return {
    periods: periods.map((period) => {
      const best = rows.find((r) => r.day >= period.from && r.day <= period.to);
      return {
        ...period,
        task: best ? { id: best.id, title: best.title, jiraId: best.jira_id, reward: best.reward! } : null,
      };
    }),
  };
}
