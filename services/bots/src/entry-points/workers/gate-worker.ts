import { onCommand, type ServiceContext, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';
import { GATE_QUEUE, scheduleGateDuels } from '../../app/schedule-gate.js';
import type { BattleScheduler } from '../../app/ports.js';

/**
 * `gate.start` (sent in the activation's transaction): create the gate's duels on the battle
 * workers. Retried with backoff while battles is unreachable; the sweeper job catches the rest.
 */
export function gateWorker(battles: BattleScheduler, log: ServiceContext['log']) {
  return onCommand<{ botVersionId: string }, Transaction<Database>>({
    queue: GATE_QUEUE,
    concurrency: 2,
    retry: { attempts: 6, baseDelayMs: 1_000, maxDelayMs: 30_000 },
    async handle(command, tx) {
      const created = await scheduleGateDuels(tx, battles, command.data.botVersionId);
      if (created > 0) log.info({ botVersionId: command.data.botVersionId, created }, 'gate duels created');
    },
  });
}
