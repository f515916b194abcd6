import type { Client } from '@garrison/kit';
import { Code, ConnectError, problem } from '@garrison/kit';
import type { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { isLocal } from '../domain/bot.js';
import type { BattleCreator } from '../app/ports.js';

/**
 * CreateBattle on the battles service. Its refusals that are the player's doing (an unknown bot
 * version, rules or participants it does not accept) become 4xx problems; anything else (battles
 * down, deadline) propagates and answers 503/500, leaving our state unchanged for a retry.
 */
export function grpcBattleCreator(client: Client<typeof BattlesService>): BattleCreator {
  return {
    async createBattle(request) {
      try {
        const battle = await client.createBattle({
          requestId: request.requestId,
          kind: request.kind,
          ranked: request.ranked,
          contextId: request.contextId,
          mode: request.rules.mode,
          rounds: request.rules.rounds,
          rulesVersion: request.rules.version,
          participants: request.participants.map((p) =>
            isLocal(p.bot)
              ? { userId: p.userId, local: true }
              : { userId: p.userId, botVersionId: p.bot.botVersionId },
          ),
        });
        return { battleId: battle.id };
      } catch (err) {
        throw asProblem(err);
      }
    },
  };
}

function asProblem(err: unknown): unknown {
  if (!(err instanceof ConnectError)) return err;
  switch (err.code) {
    case Code.NotFound:
      return problem(404, 'Bot not found', `The battles service refused the battle: ${err.rawMessage}`);
    case Code.PermissionDenied:
      return problem(403, 'Not your bot', `The battles service refused the battle: ${err.rawMessage}`);
    case Code.InvalidArgument:
    case Code.FailedPrecondition:
      return problem(422, 'Battle refused', `The battles service refused the battle: ${err.rawMessage}`);
    case Code.Unavailable:
    case Code.DeadlineExceeded:
      return problem(503, 'Battles unavailable', 'The battle could not be created now; try again shortly');
    default:
      return err;
  }
}
