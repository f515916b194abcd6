// Dates and schedules as the tournament forms and pages write them.
import type { SeriesSchedule } from '../api/competition-types';

/** A `<input type="datetime-local">` value (the browser's local time) → ISO 8601 in UTC. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** A `datetime-local` value `minutes` from `now`, rounded up to the minute. */
export function localInputIn(minutes: number, now: Date = new Date()): string {
  const at = new Date(Math.ceil((now.getTime() + minutes * 60_000) / 60_000) * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** "Every day at 19:00 (UTC)", "Every Friday at 20:30 (Europe/Berlin)". */
export function describeSchedule(schedule: SeriesSchedule): string {
  const day =
    schedule.every === 'day'
      ? 'Every day'
      : `Every ${schedule.weekday ? schedule.weekday.charAt(0).toUpperCase() + schedule.weekday.slice(1) : 'week'}`;
  return `${day} at ${schedule.at} (${schedule.timezone})`;
}

const FORMAT_NAMES: Record<string, string> = {
  'round-robin': 'Round robin',
  'single-elimination': 'Single elimination',
  swiss: 'Swiss',
};

export function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? format;
}

/** "1st", "2nd", "3rd", "11th", "21st". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "1 round", "5 rounds". */
export function countOf(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
