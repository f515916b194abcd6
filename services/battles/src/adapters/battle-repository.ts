import type { Kysely, Transaction } from '@garrison/kit';
import type { BattlesTable, Database, ParticipantsTable } from '../database.js';

export type Db = Kysely<Database> | Transaction<Database>;
export type BattleRow = Omit<BattlesTable, 'broadcast' | 'live_epoch'> & {
  seq: string;
  attempts: number;
  created_at: Date;
  broadcast: boolean;
  live_epoch: number;
};
export type ParticipantRow = ParticipantsTable & { forfeited: boolean };

export interface BattleRecord {
  battle: BattleRow;
  participants: ParticipantRow[];
}

export async function loadBattle(db: Db, id: string): Promise<BattleRecord | undefined> {
  const battle = await db.selectFrom('battles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!battle) return undefined;
  const participants = await db
    .selectFrom('participants')
    .selectAll()
    .where('battle_id', '=', id)
    .orderBy('seat')
    .execute();
  return { battle: battle as BattleRow, participants: participants as ParticipantRow[] };
}

export async function loadBattles(db: Db, ids: string[]): Promise<BattleRecord[]> {
  if (ids.length === 0) return [];
  const battles = (await db
    .selectFrom('battles')
    .selectAll()
    .where('id', 'in', ids)
    .execute()) as BattleRow[];
  const participants = (await db
    .selectFrom('participants')
    .selectAll()
    .where('battle_id', 'in', ids)
    .orderBy('seat')
    .execute()) as ParticipantRow[];
  const byId = new Map(battles.map((b) => [b.id, b]));
  return ids.flatMap((id) => {
    const battle = byId.get(id);
    return battle ? [{ battle, participants: participants.filter((p) => p.battle_id === id) }] : [];
  });
}

export async function findByRequestId(db: Db, requestId: string): Promise<BattleRecord | undefined> {
  const row = await db
    .selectFrom('battles')
    .select('id')
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return row ? loadBattle(db, row.id) : undefined;
}

export interface ListFilter {
  userId?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  /** Only battles with a smaller seq (newest first). */
  beforeSeq?: string | undefined;
  limit: number;
}

/** Newest first, keyset pagination on seq. Returns one row more than asked to tell if there is more. */
export async function listBattleIds(db: Db, filter: ListFilter): Promise<Array<{ id: string; seq: string }>> {
  let query = db
    .selectFrom('battles')
    .select(['battles.id', 'battles.seq'])
    .orderBy('battles.seq', 'desc')
    .limit(filter.limit + 1);
  if (filter.kind) query = query.where('battles.kind', '=', filter.kind as BattlesTable['kind']);
  if (filter.status) query = query.where('battles.status', '=', filter.status as BattlesTable['status']);
  if (filter.beforeSeq) query = query.where('battles.seq', '<', filter.beforeSeq);
  if (filter.userId) {
    const userId = filter.userId;
    // A user's battles: those they sit in, and those they asked for (practice between built-in bots).
    query = query.where(({ eb, exists, or, selectFrom }) =>
      or([
        exists(
          selectFrom('participants')
            .select('participants.seat')
            .whereRef('participants.battle_id', '=', 'battles.id')
            .where('participants.user_id', '=', userId),
        ),
        eb('battles.created_by', '=', userId),
      ]),
    );
  }
  return (await query.execute()) as Array<{ id: string; seq: string }>;
}
