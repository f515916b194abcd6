import { problem, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { VERSION_COLUMNS, whereVersionRef } from '../adapters/bot-queries.js';
import { toVersionView, type VersionView } from '../adapters/views.js';
import { botOr404 } from './owned-bot.js';

/** Every version of a bot, newest first, with its gate; anyone signed in may look (never the source). */
export async function listVersions(db: Kysely<Database>, botId: string): Promise<{ items: VersionView[] }> {
  const bot = await botOr404(db, botId);
  const [rows, gates] = await Promise.all([
    db
      .selectFrom('bot_versions')
      .select(VERSION_COLUMNS)
      .where('bot_id', '=', botId)
      .orderBy('version', 'desc')
      .execute(),
    db
      .selectFrom('gates')
      .innerJoin('bot_versions', 'bot_versions.id', 'gates.bot_version_id')
      .selectAll('gates')
      .where('bot_versions.bot_id', '=', botId)
      .execute(),
  ]);
  const gateOf = new Map(gates.map((g) => [g.bot_version_id, g]));
  return { items: rows.map((row) => toVersionView(row, bot.active_version_id, gateOf.get(row.id))) };
}

export type VersionDetail = VersionView & { source: string };

/** One version with its source: for its owner only (a bot's code is its owner's secret). */
export async function getVersion(
  db: Kysely<Database>,
  botId: string,
  ref: string,
  callerId: string,
): Promise<VersionDetail> {
  const bot = await botOr404(db, botId);
  if (bot.owner_id !== callerId)
    throw problem(403, 'Not your bot', "Only a bot's owner reads its versions' source");
  const where = whereVersionRef(ref);
  const row = await db
    .selectFrom('bot_versions')
    .select([...VERSION_COLUMNS, 'source'])
    .where('bot_id', '=', botId)
    .where(where.column, '=', where.value)
    .executeTakeFirst();
  if (!row) throw problem(404, 'Version not found', `Bot ${botId} has no version ${ref}`);
  const gate = await db
    .selectFrom('gates')
    .selectAll()
    .where('bot_version_id', '=', row.id)
    .executeTakeFirst();
  return { ...toVersionView(row, bot.active_version_id, gate), source: row.source };
}
