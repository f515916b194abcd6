import type { Kysely, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import type { BotRow } from './views.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Bots with the number and eligibility of their active version (one join, no second query). */
export function selectBots(db: Db) {
  return db
    .selectFrom('bots')
    .leftJoin('bot_versions as active', 'active.id', 'bots.active_version_id')
    .selectAll('bots')
    .select(['active.version as active_version', 'active.ranked_eligible as active_ranked']);
}

export async function findBot(db: Db, id: string): Promise<BotRow | undefined> {
  return selectBots(db).where('bots.id', '=', id).executeTakeFirst();
}

/** The version columns every view needs; the source stays in the database unless asked for. */
export const VERSION_COLUMNS = [
  'id',
  'bot_id',
  'version',
  'language',
  'status',
  'error',
  'ranked_eligible',
  'created_at',
] as const;

/** `ref` is a version number ("3") or a version id (UUID). */
export function whereVersionRef(
  ref: string,
): { column: 'version'; value: number } | { column: 'id'; value: string } {
  return /^\d+$/.test(ref)
    ? { column: 'version', value: Number(ref) }
    : { column: 'id', value: ref.toLowerCase() };
}
