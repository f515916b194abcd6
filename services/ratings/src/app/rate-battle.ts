import type { Bus, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { changePlayer, lockPlayers } from '../adapters/players.js';
import { publishRatingChanged } from '../adapters/rating-changed.js';
import { placingsOf, rateBattle, type Seat } from '../domain/battle-rating.js';
import { conservativeRating } from '../domain/glicko2.js';

/** What ratings reads of battle.finished v1. */
export interface FinishedBattle {
  battleId: string;
  kind: string;
  ranked: boolean;
  mode: string;
  finishedAt: string;
  participants: Seat[];
}

export type BattleOutcome = 'unranked' | 'already-rated' | 'rated';

/**
 * Rates a ranked battle exactly once: the battle id enters the ledger first (a second delivery,
 * even under another event id, stops there), then every rated player moves by one Glicko-2 period,
 * gets a history point and a rating.changed — all in the caller's transaction.
 * Battles are rated in arrival order (see docs/adr/101).
 */
export async function rateFinishedBattle(
  tx: Transaction<Database>,
  bus: Bus,
  battle: FinishedBattle,
): Promise<BattleOutcome> {
  if (!battle.ranked) return 'unranked';
  const placings = placingsOf(battle.participants);
  const rated = placings.length >= 2 ? placings : [];
  const entered = await tx
    .insertInto('rated_battles')
    .values({
      battle_id: battle.battleId,
      kind: battle.kind,
      mode: battle.mode,
      finished_at: new Date(battle.finishedAt),
      rated_players: rated.length,
    })
    .onConflict((oc) => oc.column('battle_id').doNothing())
    .returning('battle_id')
    .executeTakeFirst();
  if (!entered) return 'already-rated';
  if (rated.length === 0) return 'rated';

  const rows = await lockPlayers(
    tx,
    rated.map((p) => p.userId),
  );
  const after = rateBattle(rows, rated);
  const now = new Date();
  for (const [userId, next] of after) {
    const row = await changePlayer(tx, userId, { ...next, countBattle: true }, now);
    await tx
      .insertInto('rating_history')
      .values({
        user_id: userId,
        battle_id: battle.battleId,
        at: now,
        ...next,
        conservative: conservativeRating(next),
      })
      .execute();
    await publishRatingChanged(tx, bus, row, { reason: 'battle', battleId: battle.battleId });
  }
  return 'rated';
}
