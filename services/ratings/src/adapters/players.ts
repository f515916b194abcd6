import { sql, type Selectable, type Transaction } from '@garrison/kit';
import type { Database, PlayersTable } from '../database.js';
import { INITIAL_RATING } from '../domain/glicko2.js';

export type PlayerRow = Selectable<PlayersTable>;
type Tx = Transaction<Database>;

/**
 * The players' rows, created at the initial rating when new, locked until the transaction ends.
 * Rows are created and locked in user id order so two battles sharing players never deadlock.
 */
export async function lockPlayers(tx: Tx, userIds: readonly string[]): Promise<Map<string, PlayerRow>> {
  if (userIds.length === 0) return new Map();
  const ordered = [...new Set(userIds)].sort();
  await tx
    .insertInto('players')
    .values(ordered.map((userId) => ({ user_id: userId, ...INITIAL_RATING })))
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  const rows = await tx
    .selectFrom('players')
    .selectAll()
    .where('user_id', 'in', ordered)
    .orderBy('user_id')
    .forUpdate()
    .execute();
  return new Map(rows.map((row) => [row.user_id, row]));
}

export interface PlayerChange {
  rating?: number;
  rd?: number;
  volatility?: number;
  /** add one rated battle */
  countBattle?: boolean;
  points?: number;
}

/** Applies a change and bumps the player's change sequence; answers the row as it is now. */
export async function changePlayer(
  tx: Tx,
  userId: string,
  change: PlayerChange,
  at: Date,
): Promise<PlayerRow> {
  return tx
    .updateTable('players')
    .set({
      ...(change.rating !== undefined ? { rating: change.rating } : {}),
      ...(change.rd !== undefined ? { rd: change.rd } : {}),
      ...(change.volatility !== undefined ? { volatility: change.volatility } : {}),
      ...(change.points !== undefined ? { points: change.points } : {}),
      ...(change.countBattle ? { battles: sql<number>`battles + 1` } : {}),
      seq: sql<string>`seq + 1`,
      updated_at: at,
    })
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Rating points of a player now: their tournament points since the window start. */
export async function pointsSince(tx: Tx, userId: string, windowStart: Date): Promise<number> {
  const row = await tx
    .selectFrom('tournament_points')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('points'), sql<string>`0`).as('total'))
    .where('user_id', '=', userId)
    .where('finished_at', '>', windowStart)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
