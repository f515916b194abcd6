/** Calendar periods (UTC ISO dates) for the "most expensive task" report: days, ISO weeks, months. */
export type PeriodUnit = 'day' | 'week' | 'month';

export interface Period {
  from: string; // inclusive ISO date
  to: string; // inclusive ISO date
}

const DAY_MS = 86_400_000;
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

function periodStart(date: Date, unit: PeriodUnit): Date {
  if (unit === 'day') return date;
  if (unit === 'month') return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const mondayOffset = (date.getUTCDay() + 6) % 7; // ISO weeks start on Monday
  return new Date(date.getTime() - mondayOffset * DAY_MS);
}

function periodEnd(start: Date, unit: PeriodUnit): Date {
  if (unit === 'day') return start;
  if (unit === 'week') return new Date(start.getTime() + 6 * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
}

/** The periods that cover [from, to], clipped to that range, oldest first. */
export function periodsBetween(from: string, to: string, unit: PeriodUnit): Period[] {
  const end = toDate(to);
  const periods: Period[] = [];
  let cursor = toDate(from);
  while (cursor <= end) {
    const periodLast = periodEnd(periodStart(cursor, unit), unit);
    const last = periodLast < end ? periodLast : end;
    periods.push({ from: toDay(cursor), to: toDay(last) });
    cursor = new Date(last.getTime() + DAY_MS);
  }
  return periods;
}

export const MAX_PERIODS = 400;
