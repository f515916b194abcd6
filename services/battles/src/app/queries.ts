import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from '@garrison/kit';
import { listBattleIds, loadBattle, loadBattles } from '../adapters/battle-repository.js';
import type { Database } from '../database.js';
import { battleView, type BattleView } from '../domain/battle-view.js';
import { BattleError } from '../domain/errors.js';

/** `admin`: sees a broadcast battle's result before it is revealed (ADR 240). */
export async function getBattle(db: Kysely<Database>, id: string, admin = false): Promise<BattleView> {
  const record = await loadBattle(db, id);
  if (!record) throw new BattleError('not-found', 'Battle not found', `There is no battle ${id}`);
  return battleView(record, admin);
}

export interface BattleQuery {
  user?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Newest first; the cursor is the last seq seen. */
export async function listBattles(
  db: Kysely<Database>,
  query: BattleQuery,
  admin = false,
): Promise<{ items: BattleView[]; nextCursor: string | null }> {
  if (query.cursor !== undefined && !/^\d{1,19}$/.test(query.cursor)) {
    throw new BattleError('invalid', 'Invalid cursor', 'cursor must be a value returned as nextCursor');
  }
  const rows = await listBattleIds(db, {
    userId: query.user,
    kind: query.kind,
    status: query.status,
    beforeSeq: query.cursor,
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const records = await loadBattles(
    db,
    page.map((r) => r.id),
  );
  return {
    items: records.map((record) => battleView(record, admin)),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.seq : null,
  };
}

/**
 * The stored replay, gzip JSON lines in the engine's format. A participant gets their own seats'
 * bot debug logs in the header line (`debugLogs`), which the engine's parser ignores (ADR 096).
 */
export async function personalReplay(
  db: Kysely<Database>,
  battleId: string,
  userId: string,
  admin = false,
): Promise<Buffer> {
  // A broadcast battle's replay is its result: nobody but an admin gets it before the broadcast ends.
  const battle = await db
    .selectFrom('battles')
    .select(['status', 'broadcast'])
    .where('id', '=', battleId)
    .executeTakeFirst();
  if (battle?.broadcast && battle.status !== 'finished' && !admin) {
    throw new BattleError(
      'conflict',
      'No replay yet',
      `Battle ${battleId} is being broadcast; its replay is available when the broadcast ends`,
    );
  }
  const stored = await db
    .selectFrom('replays')
    .select(['replay_gz', 'debug_logs'])
    .where('battle_id', '=', battleId)
    .executeTakeFirst();
  if (!stored) {
    const exists = await loadBattle(db, battleId);
    throw exists
      ? new BattleError(
          'conflict',
          'No replay yet',
          `Battle ${battleId} is ${exists.battle.status}; it has no replay`,
        )
      : new BattleError('not-found', 'Battle not found', `There is no battle ${battleId}`);
  }
  const own = await db
    .selectFrom('participants')
    .select(['seat', 'name'])
    .where('battle_id', '=', battleId)
    .where('user_id', '=', userId)
    .orderBy('seat')
    .execute();
  if (own.length === 0) return stored.replay_gz;
  const logs = stored.debug_logs as unknown[][];
  const text = gunzipSync(stored.replay_gz).toString('utf8');
  const newline = text.indexOf('\n');
  const header = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as Record<string, unknown>;
  header.debugLogs = own.map((seat) => ({
    seat: seat.seat,
    name: seat.name,
    entries: logs[seat.seat] ?? [],
  }));
  const rest = newline < 0 ? '' : text.slice(newline);
  return gzipSync(Buffer.from(JSON.stringify(header) + rest, 'utf8'));
}
