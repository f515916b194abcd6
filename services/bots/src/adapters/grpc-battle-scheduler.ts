import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  BattlesService,
  type ParticipantSchema,
} from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import type { ServiceContext } from '@garrison/kit';
import { GATE_ROUNDS, type DuelSide, type GateDuel } from '../domain/gate.js';
import type { BattleScheduler } from '../app/ports.js';

/**
 * Gate duels are practice battles (never ranked) played on the battle workers, created through
 * battles' internal CreateBattle; the context id ties their `battle.finished` back to the gate.
 */
export function grpcBattleScheduler(ctx: Pick<ServiceContext, 'grpcClient'>): BattleScheduler {
  const battles = ctx.grpcClient(BattlesService, 'battles', { timeoutMs: 5_000 });
  return {
    async createBattle(duel: GateDuel) {
      const battle = await battles.createBattle({
        requestId: duel.requestId,
        kind: 'practice',
        participants: duel.participants.map(toParticipant),
        mode: 'duel',
        rounds: GATE_ROUNDS,
        seed: duel.seed,
        ranked: false,
        contextId: duel.contextId,
      });
      return { battleId: battle.id };
    },
  };
}

function toParticipant(side: DuelSide): MessageInitShape<typeof ParticipantSchema> {
  return side.kind === 'version'
    ? { userId: side.userId, botVersionId: side.botVersionId }
    : { builtin: side.builtin };
}
