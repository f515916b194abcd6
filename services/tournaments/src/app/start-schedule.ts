import type { Scheduler } from '@garrison/kit';
import { jobId } from './job-id.js';

export const START_JOB = 'start-tournament';

/**
 * Asks the kit scheduler to start the tournament at `startsAt`, on exactly one instance. Called after
 * the commit; if that fails (or the process dies in between), the every-minute `start-due` sweep
 * starts it anyway. The start itself is guarded by the tournament's status and start time, so a stale
 * or repeated job is harmless.
 */
export async function scheduleStart(
  scheduler: Scheduler,
  tournamentId: string,
  startsAt: Date,
  log?: { warn(obj: object, msg: string): void },
): Promise<void> {
  try {
    await scheduler.runAt(
      START_JOB,
      startsAt,
      { tournamentId },
      { id: jobId('start', tournamentId, startsAt.toISOString()) },
    );
  } catch (err) {
    log?.warn({ err, tournamentId }, 'could not schedule the start; the start-due sweep will');
  }
}
