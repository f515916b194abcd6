import { c, defineConfig } from '@garrison/kit';

export const config = defineConfig({
  timeZone: c.string({
    env: 'ACCOUNTING_TIME_ZONE',
    default: 'UTC',
    doc: 'IANA time zone in which billing days begin and end',
  }),
  closeCron: c.string({
    env: 'ACCOUNTING_CLOSE_CRON',
    default: '59 23 * * *',
    doc: 'when the end-of-day close runs (5-field cron in ACCOUNTING_TIME_ZONE)',
  }),
});
