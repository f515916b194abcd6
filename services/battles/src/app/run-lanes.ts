import { onCommand, type Bus, type CommandConsumer, type Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { BattleSlots, laneOf, RUN_QUEUE, type Lane } from './battle-slots.js';
import { playHostedBattle, type HostedDeps } from './play-hosted.js';

/** Hands a hosted battle to the work queue of its lane (ADR 142). */
export function sendRun(
  bus: Bus,
  tx: Transaction<Database>,
  battle: { kind: string; ranked: boolean },
  battleId: string,
): Promise<unknown> {
  return bus.send(tx, RUN_QUEUE[laneOf(battle)], { type: 'battle.run', data: { battleId } });
}

/**
 * One consumer per lane, sharing `size` battle slots: the ranked lane may fill them all, the open
 * lane at most `size − reserved` (its consumer takes no more than that, so open battles wait in the
 * broker, not here). With one slot nothing can be reserved: both lanes share it.
 */
export function laneWorkers(opts: { size: number; reserved: number }, deps: HostedDeps): CommandConsumer[] {
  const { size } = opts;
  const reserved = Math.min(opts.reserved, size - 1);
  if (reserved < opts.reserved) {
    deps.log.warn(
      { size, asked: opts.reserved, reserved },
      'BATTLE_RESERVED_RANKED_WORKERS must leave a worker for practice; reserving fewer',
    );
  }
  const slots = new BattleSlots(size, reserved);
  const consumer = (lane: Lane, concurrency: number) =>
    onCommand<{ battleId: string }, Transaction<Database>>({
      queue: RUN_QUEUE[lane],
      concurrency,
      handle: (command, tx) => slots.run(lane, () => playHostedBattle(deps, command.data.battleId, tx)),
    });
  return [consumer('ranked', size), consumer('open', slots.openLimit)];
}
