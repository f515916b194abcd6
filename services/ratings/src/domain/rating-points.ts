/** Rating points count for this long after a tournament finished (SPEC 3.6: the last 12 months). */
export function pointsWindowStart(now: Date, months: number): Date {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - months);
  return start;
}
