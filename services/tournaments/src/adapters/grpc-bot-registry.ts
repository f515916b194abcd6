import { Code, ConnectError, type Client } from '@garrison/kit';
import type { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import type { BotRegistry } from '../app/ports.js';

/** GetBotVersion on the bots service behind the BotRegistry port. */
export function grpcBotRegistry(client: Client<typeof BotsService>): BotRegistry {
  return {
    async version(botVersionId) {
      try {
        const v = await client.getBotVersion({ botVersionId });
        return { ownerId: v.ownerId, rankedEligible: v.rankedEligible };
      } catch (err) {
        const unknown =
          err instanceof ConnectError &&
          [Code.NotFound, Code.InvalidArgument, Code.FailedPrecondition].includes(err.code);
        if (unknown) return undefined;
        throw err;
      }
    },
  };
}
