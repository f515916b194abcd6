import { onEvent, type EventEnvelope, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';
import { recordBattleResult, type BattleFacts } from '../../app/record-result.js';
import type { Deps } from '../../app/deps.js';

interface BattleEvent extends BattleFacts {
  kind: string;
}
type Tx = Transaction<Database>;

const ours = (e: EventEnvelope<BattleEvent>) => e.data.kind === 'tournament' && e.data.contextId !== null;

/** Tournament battles starting, finishing or being called off; results drive the rounds (SPEC 3.5). */
export const battleEvents = (deps: Deps) => [
  onEvent<BattleEvent, Tx>({
    producer: 'battles',
    type: 'battle.finished',
    versions: [1],
    async handle(e, tx) {
      if (ours(e)) await recordBattleResult(tx, deps.bus, e.data, 'finished');
    },
  }),
  onEvent<BattleEvent, Tx>({
    producer: 'battles',
    type: 'battle.started',
    versions: [1],
    // only for the view: a battle whose id is not stored yet simply shows "scheduled" until it ends
    async handle(e, tx) {
      if (!ours(e)) return;
      await tx
        .updateTable('matches')
        .set({ status: 'running' })
        .where('battle_id', '=', e.data.battleId)
        .where('status', 'in', ['pending', 'scheduled'])
        .execute();
    },
  }),
  onEvent<BattleEvent, Tx>({
    producer: 'battles',
    type: 'battle.cancelled',
    versions: [1],
    async handle(e, tx) {
      if (ours(e)) await recordBattleResult(tx, deps.bus, e.data, 'cancelled');
    },
  }),
];
