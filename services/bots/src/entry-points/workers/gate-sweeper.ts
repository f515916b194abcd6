import type { JobSpec, Kysely, ServiceContext } from '@garrison/kit';
import type { Database } from '../../database.js';
import type { BattleScheduler } from '../../app/ports.js';
import { scheduleGateDuels, stalledGates } from '../../app/schedule-gate.js';

/**
 * Every minute (once across instances): gates that should have all their duels by now but do not
 * (battles was down longer than the worker's retries) are scheduled again. Idempotent.
 */
export function gateSweeper(
  db: Kysely<Database>,
  battles: BattleScheduler,
  log: ServiceContext['log'],
  retryAfterSeconds: number,
): JobSpec {
  return {
    name: 'gate-sweeper',
    cron: '* * * * *',
    async run() {
      const stalled = await stalledGates(db, new Date(Date.now() - retryAfterSeconds * 1000));
      for (const botVersionId of stalled) {
        try {
          const created = await scheduleGateDuels(db, battles, botVersionId);
          log.info({ botVersionId, created }, 'stalled gate scheduled again');
        } catch (err) {
          log.warn({ botVersionId, err }, 'stalled gate still cannot be scheduled');
        }
      }
    },
  };
}
