/**
 * Billing days are ISO dates in the configured time zone. A ledger row is stamped with the day that
 * was open when it was applied: today, unless today is already closed — then work counts tomorrow.
 */
export function dayInZone(instant: Date, timeZone: string): string {
  return dayFormatter(timeZone).format(instant);
}

// Building an Intl.DateTimeFormat costs ~0.1 ms — twice per fee it was a visible share of a
// shuffle's convergence — so there is one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The earliest day on or after today (in the zone) that is not closed. */
export function openBillingDay(now: Date, timeZone: string, isClosed: (day: string) => boolean): string {
  let day = dayInZone(now, timeZone);
  while (isClosed(day)) day = nextDay(day);
  return day;
}

export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
export function isIsoDay(value: string): boolean {
  return (
    ISO_DAY.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}
