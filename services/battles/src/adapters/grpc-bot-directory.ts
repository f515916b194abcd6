import { Code, ConnectError, type Client } from '@garrison/kit';
import type { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { BotUnplayableError, type BotDirectory } from '../app/ports.js';

/** The bots service's GetBotVersion/GetBotSource behind the BotDirectory port. */
export function grpcBotDirectory(bots: Client<typeof BotsService>): BotDirectory {
  return {
    async version(botVersionId) {
      try {
        const v = await bots.getBotVersion({ botVersionId });
        return {
          botVersionId: v.botVersionId,
          botId: v.botId,
          ownerId: v.ownerId,
          botName: v.botName,
          version: v.version,
          status: v.status,
          rankedEligible: v.rankedEligible,
        };
      } catch (err) {
        if (err instanceof ConnectError && err.code === Code.NotFound) return undefined;
        throw err;
      }
    },
    async compiledSource(botVersionId) {
      try {
        const source = await bots.getBotSource({ botVersionId });
        return source.compiledJs || source.source;
      } catch (err) {
        if (
          err instanceof ConnectError &&
          (err.code === Code.NotFound || err.code === Code.FailedPrecondition)
        ) {
          throw new BotUnplayableError(`bot version ${botVersionId}: ${err.rawMessage}`);
        }
        throw err;
      }
    },
  };
}
