import { c, defineConfig } from '@garrison/kit';

export const config = defineConfig({
  pointsWindowMonths: c.int({
    env: 'RATINGS_POINTS_WINDOW_MONTHS',
    default: 12,
    min: 1,
    doc: 'tournament points count towards rating points for this many months after the tournament',
  }),
  pointsExpiryCron: c.string({
    env: 'RATINGS_POINTS_EXPIRY_CRON',
    default: '17 3 * * *',
    doc: 'when points that left the window are taken off players (5-field cron, UTC)',
  }),
});
