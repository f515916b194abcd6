import { onEvent, type Bus, type EventEnvelope, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';
import { candidateWon, gateOfContext, type FinishedParticipant } from '../../domain/gate.js';
import { recordGateResult } from '../../app/record-gate-result.js';

interface BattleFacts {
  battleId: string;
  contextId: string | null;
  participants: FinishedParticipant[];
}

type Tx = Transaction<Database>;

/**
 * Tallies the regression gates from battles' stream: a battle whose context is `gate:<versionId>`
 * is one duel of that version's gate. Every other battle is ignored. A cancelled gate battle counts
 * as played and not won (the gate must end; see ADR 091).
 */
export function gateResults(bus: Bus) {
  return [
    gateBattle(bus, 'battle.finished', (candidate, event) =>
      candidateWon(candidate, event.data.participants),
    ),
    gateBattle(bus, 'battle.cancelled', () => false),
  ];
}

function gateBattle(
  bus: Bus,
  type: 'battle.finished' | 'battle.cancelled',
  won: (candidate: string, event: EventEnvelope<BattleFacts>) => boolean,
) {
  return onEvent<BattleFacts, Tx>({
    producer: 'battles',
    type,
    versions: [1],
    async handle(event, tx) {
      const candidate = gateOfContext(event.data.contextId);
      if (!candidate) return;
      await recordGateResult(tx, bus, {
        battleId: event.data.battleId,
        candidateVersionId: candidate,
        won: won(candidate, event),
        outcome: type === 'battle.finished' ? 'finished' : 'cancelled',
      });
    },
  });
}
