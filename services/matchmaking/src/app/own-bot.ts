import { problem } from '@garrison/kit';
import { isLocal, type BotChoice } from '../domain/bot.js';
import type { BotRegistry } from './ports.js';

/**
 * SPEC 5.6: a request that names a hosted bot version plays it only for its owner. Checked where
 * the player names it (challenge, accept, queue, room), before anything is stored, so they learn
 * at once; battles' CreateBattle checks every seat again when the battle is made. A ranked battle
 * also needs a ranked-eligible version (SPEC 3.2, ADR 117).
 */
export async function requireOwnBot(
  bots: BotRegistry,
  userId: string,
  bot: BotChoice,
  ranked: boolean,
): Promise<void> {
  if (isLocal(bot)) return;
  const facts = await bots.version(bot.botVersionId);
  if (!facts) throw problem(422, 'Unknown bot version', `There is no bot version ${bot.botVersionId}`);
  if (facts.ownerId !== userId)
    throw problem(403, 'Not your bot', 'Name one of your own bot versions, or play with your local Agent');
  if (facts.status !== 'valid')
    throw problem(422, 'Bot version cannot play', `Bot version ${bot.botVersionId} did not pass validation`);
  if (ranked && !facts.rankedEligible)
    throw problem(
      422,
      'Bot version may not play ranked battles',
      "Activate it (a bot's first version plays ranked at once) or wait until it passes the regression gate",
    );
}
