import { onCommand, type JobSpec, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';
import type { Deps } from '../../app/deps.js';
import { startDueTournaments, startTournament } from '../../app/start-tournament.js';
import { START_JOB } from '../../app/start-schedule.js';
import { REMIND_JOB, sendScheduledReminder, type Reminder } from '../../app/reminders.js';
import { ensureEditions } from '../../app/series.js';
import { schedulePendingBattles, scheduleRoundBattles } from '../../app/schedule-battles.js';

/** Scheduled work; every job is safe to run twice (the start and edition creation are guarded). */
export const jobs = (deps: Deps): JobSpec[] => [
  {
    name: START_JOB,
    async run({ data }: { data: { tournamentId: string } }) {
      await startTournament(deps, data.tournamentId);
    },
  },
  {
    name: REMIND_JOB,
    async run({ data }: { data: Reminder }) {
      await sendScheduledReminder(deps, data);
    },
  },
  { name: 'start-due', cron: '* * * * *', run: async () => void (await startDueTournaments(deps)) },
  { name: 'series-editions', cron: '* * * * *', run: async () => void (await ensureEditions(deps)) },
  {
    name: 'schedule-pending-battles',
    cron: '* * * * *',
    run: async () => void (await schedulePendingBattles(deps)),
  },
];

/** Creates the battles of a round (see schedule-battles.ts). */
export const workers = (deps: Deps) => [
  onCommand<{ tournamentId: string; round: number }, Transaction<Database>>({
    queue: 'tournaments.schedule-battles',
    concurrency: 2,
    // the battles service may be down a while: retries span ~8 minutes, then the every-minute sweep takes over
    retry: { attempts: 12, baseDelayMs: 500, maxDelayMs: 120_000 },
    handle: async (cmd, tx) => void (await scheduleRoundBattles(deps, tx, cmd.data)),
  }),
];
