/** "Starting soon" reminders before a battle (SPEC 3.5): 5 and 1 minutes before. */
export const REMINDER_MINUTES = [5, 1] as const;

export interface ReminderPlan {
  /** Send one now, saying this many whole minutes are left (when less than 5 minutes are left). */
  now: number | null;
  /** Send these later, each at its time. */
  later: Array<{ minutesBefore: number; at: Date }>;
}

/**
 * The reminders of a battle starting at `startsAt`, seen at `now`: each reminder whose time is still
 * ahead is scheduled; when the first one's time has passed already, one reminder goes at once —
 * unless a scheduled one follows within a minute anyway.
 */
export function reminderPlan(startsAt: Date, now: Date): ReminderPlan {
  const leftMs = startsAt.getTime() - now.getTime();
  const later = REMINDER_MINUTES.filter((m) => leftMs > m * 60_000).map((m) => ({
    minutesBefore: m,
    at: new Date(startsAt.getTime() - m * 60_000),
  }));
  const first = REMINDER_MINUTES[0] * 60_000;
  const soonAnyway = later.some((r) => r.at.getTime() - now.getTime() < 60_000);
  const atOnce = leftMs <= first && !soonAnyway;
  return { now: atOnce ? Math.max(0, Math.floor(leftMs / 60_000)) : null, later };
}
