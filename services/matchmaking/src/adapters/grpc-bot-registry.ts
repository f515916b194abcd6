import { Code, ConnectError, problem, type Client } from '@garrison/kit';
import type { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import type { BotRegistry } from '../app/ports.js';

/** GetBotVersion on the bots service behind the BotRegistry port. */
export function grpcBotRegistry(client: Client<typeof BotsService>): BotRegistry {
  return {
    async version(botVersionId) {
      try {
        const v = await client.getBotVersion({ botVersionId });
        return { ownerId: v.ownerId, status: v.status, rankedEligible: v.rankedEligible };
      } catch (err) {
        if (err instanceof ConnectError && [Code.NotFound, Code.InvalidArgument].includes(err.code))
          return undefined;
        // Nothing is stored yet: the player can simply try again.
        throw problem(503, 'Bot registry unavailable', 'The bots service did not answer; try again shortly');
      }
    },
  };
}
