import { randomUUID } from 'node:crypto';
import { problem, withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { botNameProblem } from '../domain/bot-name.js';
import { toBotView, type BotView } from '../adapters/views.js';

/** Any signed-in user registers a bot; names are unique per owner (letter case ignored). */
export async function createBot(
  db: Kysely<Database>,
  bus: Bus,
  ownerId: string,
  rawName: string,
): Promise<BotView> {
  const name = rawName.trim();
  const nameProblem = botNameProblem(name);
  if (nameProblem) {
    throw problem(422, 'Invalid bot name', `name ${nameProblem}`, {
      errors: [{ path: '/name', message: nameProblem }],
    });
  }
  return withTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('bots')
      .values({ id: randomUUID(), name, owner_id: ownerId })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw problem(409, 'Bot name taken', `You already have a bot named "${name}"`);
    const bot = toBotView({ ...row, active_version: null, active_ranked: null });
    await bus.publish(tx, {
      type: 'bot.created',
      version: 1,
      data: { botId: bot.id, name: bot.name, ownerId, createdAt: bot.createdAt },
    });
    return bot;
  });
}
