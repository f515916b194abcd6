import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Client } from '@garrison/kit';
import type { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import type { BattleScheduler } from '../app/ports.js';

/**
 * CreateBattle on the battles service: a ranked duel of kind "tournament" whose events carry the
 * tournament id as contextId. Errors propagate: the caller's command is retried, and the request id
 * makes a repeat return the same battle.
 */
export function grpcBattleScheduler(client: Client<typeof BattlesService>): BattleScheduler {
  return {
    async createBattle(request) {
      const battle = await client.createBattle({
        requestId: request.requestId,
        kind: 'tournament',
        ranked: true,
        contextId: request.tournamentId,
        broadcast: request.broadcast ?? false,
        mode: request.rules.mode,
        rounds: request.rules.rounds ?? 0,
        rulesVersion: request.rules.version ?? 0,
        startsAt: request.startsAt ? timestampFromDate(request.startsAt) : undefined,
        participants: request.participants.map((p) =>
          'botVersionId' in p.bot
            ? { userId: p.userId, botVersionId: p.bot.botVersionId }
            : { userId: p.userId, local: true },
        ),
      });
      return { battleId: battle.id, startsAt: battle.startsAt ? timestampDate(battle.startsAt) : null };
    },
  };
}
