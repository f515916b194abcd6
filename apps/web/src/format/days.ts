// Billing days are ISO dates ("2026-11-23") in the accounting zone. The server says which day is
// today; the app only counts calendar days from there, in UTC so no local offset shifts a date.

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** `day` moved by `count` calendar days (negative goes back). */
export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/** The `count` days ending with `last`, oldest first. */
export function lastDays(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(last, i - (count - 1)));
}

/** "Mon 23 Nov" — short and unambiguous in a table or under a bar. */
export function formatDay(day: string, options: Intl.DateTimeFormatOptions = {}): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...options,
  });
}

/** One value per day of `days`: the matching item's value, or 0 for a day without money moves. */
export function perDay<T extends { day: string }>(
  days: readonly string[],
  items: readonly T[],
  value: (item: T) => number,
): Array<{ day: string; value: number }> {
  const byDay = new Map(items.map((item) => [item.day, value(item)]));
  return days.map((day) => ({ day, value: byDay.get(day) ?? 0 }));
}
