import { problem, type Kysely, type Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { findBot } from '../adapters/bot-queries.js';
import type { BotRow } from '../adapters/views.js';

/** The bot, or 404; with `ownerId`, also 403 unless the caller owns it. */
export async function botOr404(
  db: Kysely<Database> | Transaction<Database>,
  botId: string,
  ownerId?: string,
): Promise<BotRow> {
  const bot = await findBot(db, botId);
  if (!bot) throw problem(404, 'Bot not found', `There is no bot ${botId}`);
  if (ownerId !== undefined && bot.owner_id !== ownerId) {
    throw problem(403, 'Not your bot', 'Only the owner of a bot can do this');
  }
  return bot;
}
