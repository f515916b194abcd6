// Battle scores are sums of fractional parts (damage, kill bonus): players see whole points, the same
// way on the scoreboard, the side panel, the bracket and the standings.

/** 499.1999999999998 → "499"; 1234.6 → "1,235"; no score yet → "—". */
export function formatScore(score: number | null | undefined): string {
  if (score == null || !Number.isFinite(score)) return '—';
  return Math.round(score).toLocaleString('en-US');
}
