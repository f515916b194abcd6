import { problem, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { BUILTINS } from '../domain/builtins.js';
import { selectBots } from '../adapters/bot-queries.js';
import { builtinView, toBotView, type BotView } from '../adapters/views.js';
import { botOr404 } from './owned-bot.js';

export interface BotPage {
  items: BotView[];
  nextCursor: string | null;
}

export interface BotQuery {
  /** A user id, or "builtin" for the reference bots only; absent: built-ins first, then every bot. */
  owner?: string;
  limit: number;
  cursor?: string;
}

/** Keyset pagination on the insertion sequence; the four built-ins lead the first unfiltered page. */
export async function listBots(db: Kysely<Database>, query: BotQuery): Promise<BotPage> {
  if (query.owner === 'builtin') return { items: BUILTINS.map(builtinView), nextCursor: null };
  if (query.cursor !== undefined && !/^\d{1,18}$/.test(query.cursor)) {
    throw problem(400, 'Invalid cursor', 'cursor must be a value returned as nextCursor');
  }
  let select = selectBots(db)
    .orderBy('bots.seq')
    .limit(query.limit + 1);
  if (query.owner) select = select.where('bots.owner_id', '=', query.owner);
  if (query.cursor) select = select.where('bots.seq', '>', query.cursor);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const leading = query.owner === undefined && query.cursor === undefined ? BUILTINS.map(builtinView) : [];
  return {
    items: [...leading, ...page.map(toBotView)],
    nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.seq) : null,
  };
}

export async function getBot(db: Kysely<Database>, id: string): Promise<BotView> {
  return toBotView(await botOr404(db, id));
}
