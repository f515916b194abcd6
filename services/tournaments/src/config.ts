import { c, defineConfig } from '@garrison/kit';

export const config = defineConfig({
  maxCapacity: c.int({
    env: 'TOURNAMENTS_MAX_CAPACITY',
    default: 256,
    min: 2,
    doc: 'the largest capacity an organiser may give a tournament',
  }),
  seriesRegistrationMinutes: c.int({
    env: 'TOURNAMENTS_SERIES_REGISTRATION_MINUTES',
    default: 5,
    min: 0,
    doc: 'a series edition closes registration this long before it starts',
  }),
  roundLeadSeconds: c.int({
    env: 'TOURNAMENTS_ROUND_LEAD_SECONDS',
    default: 0,
    min: 0,
    doc: 'battles of a round are scheduled this long after the round opens (0 = at once); players are reminded 5 and 1 minutes before',
  }),
  battleTimeoutMs: c.int({
    env: 'TOURNAMENTS_BATTLE_TIMEOUT_MS',
    default: 5000,
    min: 100,
    doc: 'deadline of one CreateBattle call to the battles service',
  }),
});

export type TournamentsConfig = typeof config;
