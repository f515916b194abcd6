/** When a series plays (SPEC 3.5): every day, or every week on a weekday, at a local time. */
export interface SeriesSchedule {
  every: 'day' | 'week';
  weekday?: Weekday;
  /** "HH:MM", 24 h, local to `timezone`. */
  at: string;
  /** IANA zone, e.g. "Europe/Berlin". */
  timezone: string;
}

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

/** Problems with a schedule, empty when it is fine. */
export function checkSchedule(s: SeriesSchedule): string[] {
  const problems: string[] = [];
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.at)) problems.push('at must be HH:MM (00:00–23:59)');
  if (s.every === 'week' && !s.weekday) problems.push('weekday is required when every is "week"');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s.timezone });
  } catch {
    problems.push(`timezone "${s.timezone}" is not an IANA time zone`);
  }
  return problems;
}

/** Wall-clock fields of `instant` in `timeZone`. */
function localParts(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'long',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: get('weekday').toLowerCase() as Weekday,
  };
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Berlin in winter: +3 600 000). */
function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a local wall-clock time happens in `timeZone` (a time skipped by DST moves forward). */
function atLocal(year: number, month: number, day: number, hour: number, minute: number, tz: string) {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - offsetMs(new Date(guess), tz);
  return new Date(guess - offsetMs(new Date(first), tz));
}

/** The first play time of the schedule strictly after `after`. */
export function nextOccurrence(s: SeriesSchedule, after: Date): Date {
  const [hour, minute] = s.at.split(':').map(Number) as [number, number];
  const today = localParts(after, s.timezone);
  for (let d = 0; d <= 8; d++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    const weekday = WEEKDAYS[date.getUTCDay()]!;
    if (s.every === 'week' && weekday !== s.weekday) continue;
    const at = atLocal(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      hour,
      minute,
      s.timezone,
    );
    if (at.getTime() > after.getTime()) return at;
  }
  throw new ScheduleError(`no occurrence of ${JSON.stringify(s)} within 8 days`);
}
