// The two jobs that end a broadcast battle (ADR 240): one scheduled for the moment its last tick is
// shown, and a minute sweep for a reveal job that was lost.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bus, Kysely, Scheduler } from '@garrison/kit';
import type { Logger } from 'pino';
import type { Database } from '../database.js';
import { revealBroadcast, revealDueBroadcasts } from './battle-lifecycle.js';
import { REVEAL_JOB } from './play-hosted.js';

/** The minute sweep that reveals broadcasts past their end. */
export const REVEAL_SWEEP_JOB = 'reveal-broadcasts-due';

/** Longest a reveal job waits in place for a broadcast's end before it schedules itself again. */
const MAX_EARLY_WAIT_MS = 10_000;

interface RevealDeps {
  db: Kysely<Database>;
  bus: Bus;
  scheduler: Scheduler;
  log: Logger;
}

/** The jobs to register with the service. */
export function broadcastRevealJobs(deps: RevealDeps) {
  const { db, bus, scheduler, log } = deps;
  return [
    {
      // A broadcast battle's last tick has been shown: its result is revealed.
      name: REVEAL_JOB,
      async run({ data }: { data: { battleId: string } }) {
        const due = await db
          .selectFrom('battles')
          .select('broadcast_ends_at')
          .where('id', '=', data.battleId)
          .where('status', '=', 'running')
          .executeTakeFirst();
        if (!due?.broadcast_ends_at) return; // revealed already, or the run that scheduled it rolled back
        // pg-boss may start a job a little early: wait for the last tick rather than for the sweep.
        const early = due.broadcast_ends_at.getTime() - Date.now();
        if (early > 0) await sleep(Math.min(early, MAX_EARLY_WAIT_MS));
        if (!(await revealBroadcast(db, bus, data.battleId)) && early > MAX_EARLY_WAIT_MS) {
          await scheduler.runAt(REVEAL_JOB, due.broadcast_ends_at, data);
        }
      },
    },
    {
      // A reveal job lost (its scheduling failed after the result was held) is made up for here.
      name: REVEAL_SWEEP_JOB,
      cron: '* * * * *',
      run: async () => {
        const revealed = await revealDueBroadcasts(db, bus);
        if (revealed.length) log.warn({ revealed }, 'revealed broadcasts whose reveal job was lost');
      },
    },
  ];
}
