import { randomUUID } from 'node:crypto';
import { Problem, sql, withTransaction } from '@garrison/kit';
import { pairSearchers, type Searcher } from '../../domain/pairing.js';
import { DEFAULT_ROUNDS, eventRules, type Rules } from '../../domain/rules.js';
import type { Deps } from '../deps.js';

/** Ranked auto-search plays the default rules (v1): both players must have agreed to anything else. */
export const MATCH_RULES: Rules = { mode: 'duel', rounds: DEFAULT_ROUNDS.duel, version: 1 };

// One key for the whole service database: whoever holds it pairs this tick; the others skip it.
const PAIRING_LOCK = 0x6d6d_7061; // "mmpa"

/**
 * Pairs the searching players, on at most one instance at a time (transaction-scoped advisory lock):
 * each pair becomes a match row, both entries turn "matched" and remember each other as the last
 * opponent — all in one transaction. Battles are created afterwards (createMatchBattles).
 */
export async function pairQueue(deps: Deps): Promise<number> {
  return withTransaction(deps.db, async (tx) => {
    // Waiting time is measured on the database's clock, the one `since` was written with.
    const { rows } = await sql<{
      ok: boolean;
      now: Date;
    }>`select pg_try_advisory_xact_lock(${PAIRING_LOCK}) as ok, now() as now`.execute(tx);
    if (!rows[0]?.ok) return 0;
    const now = rows[0].now.getTime();
    const entries = await tx
      .selectFrom('queue_entries')
      .leftJoin('last_opponents', 'last_opponents.user_id', 'queue_entries.user_id')
      .select([
        'queue_entries.user_id',
        'queue_entries.bot',
        'queue_entries.since',
        'last_opponents.opponent_id',
      ])
      .where('queue_entries.status', '=', 'searching')
      .forUpdate('queue_entries')
      .execute();
    if (entries.length < 2) return 0;
    const ratings = await deps.ratings.conservativeOf(
      tx,
      entries.map((e) => e.user_id),
    );
    const searchers: Searcher[] = entries.map((e) => ({
      userId: e.user_id,
      rating: ratings.get(e.user_id)!,
      since: e.since.getTime(),
      lastOpponentId: e.opponent_id,
    }));
    const botOf = new Map(entries.map((e) => [e.user_id, e.bot]));
    const pairs = pairSearchers(searchers, now, deps.pairing);
    for (const [a, b] of pairs) {
      const matchId = randomUUID();
      await tx
        .insertInto('matches')
        .values({
          id: matchId,
          player_a: a.userId,
          bot_a: botOf.get(a.userId)!,
          rating_a: a.rating,
          player_b: b.userId,
          bot_b: botOf.get(b.userId)!,
          rating_b: b.rating,
          battle_id: null,
          refused: null,
        })
        .execute();
      await tx
        .updateTable('queue_entries')
        .set({ status: 'matched', match_id: matchId })
        .where('user_id', 'in', [a.userId, b.userId])
        .execute();
      const at = new Date(now);
      await tx
        .insertInto('last_opponents')
        .values([
          { user_id: a.userId, opponent_id: b.userId, matched_at: at },
          { user_id: b.userId, opponent_id: a.userId, matched_at: at },
        ])
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet((eb) => ({
            opponent_id: eb.ref('excluded.opponent_id'),
            matched_at: eb.ref('excluded.matched_at'),
          })),
        )
        .execute();
    }
    return pairs.length;
  });
}

/**
 * Creates the battle of every match that has none yet (request id `matchmaking:<matchId>`, so a retry
 * after a lost answer returns the same battle) and publishes `match.found` with it — the push to both
 * players goes through notifications. A match whose battle battles refuses (a 4xx: e.g. a bot version
 * not allowed in ranked play) is marked refused so it is not retried forever; other failures leave it
 * for the next tick.
 */
export async function createMatchBattles(deps: Deps, limit = 20): Promise<number> {
  const due = await deps.db
    .selectFrom('matches')
    .select('id')
    .where('battle_id', 'is', null)
    .where('refused', 'is', null)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  let created = 0;
  for (const { id } of due) {
    try {
      if (await createMatchBattle(deps, id)) created++;
    } catch (err) {
      deps.log.warn({ err, matchId: id }, 'match battle not created yet; retrying on the next tick');
    }
  }
  return created;
}

async function createMatchBattle(deps: Deps, matchId: string): Promise<boolean> {
  return withTransaction(deps.db, async (tx) => {
    const match = await tx
      .selectFrom('matches')
      .selectAll()
      .where('id', '=', matchId)
      .where('battle_id', 'is', null)
      .where('refused', 'is', null)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!match) return false;
    let battleId: string;
    try {
      ({ battleId } = await deps.battles.createBattle({
        requestId: `matchmaking:${match.id}`,
        kind: 'matchmaking',
        contextId: match.id,
        ranked: true,
        rules: MATCH_RULES,
        participants: [
          { userId: match.player_a, bot: match.bot_a },
          { userId: match.player_b, bot: match.bot_b },
        ],
      }));
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err;
      await tx
        .updateTable('matches')
        .set({ refused: err.detail ?? err.title })
        .where('id', '=', match.id)
        .execute();
      deps.log.warn({ matchId, reason: err.detail }, 'battles refused a match battle');
      return false;
    }
    await tx.updateTable('matches').set({ battle_id: battleId }).where('id', '=', match.id).execute();
    const waited = (since: Date) => Math.max(0, (match.created_at.getTime() - since.getTime()) / 1000);
    const entries = await tx
      .selectFrom('queue_entries')
      .select(['user_id', 'since'])
      .where('match_id', '=', match.id)
      .execute();
    const sinceOf = new Map(entries.map((e) => [e.user_id, e.since]));
    const player = (userId: string, rating: number, opponentId: string) => ({
      userId,
      rating,
      opponentId,
      waitedSeconds: waited(sinceOf.get(userId) ?? match.created_at),
    });
    await deps.bus.publish(tx, {
      type: 'match.found',
      version: 1,
      data: {
        matchId: match.id,
        battleId,
        ranked: true,
        rules: eventRules(MATCH_RULES),
        players: [
          player(match.player_a, match.rating_a, match.player_b),
          player(match.player_b, match.rating_b, match.player_a),
        ],
        foundAt: new Date().toISOString(),
      },
    });
    return true;
  });
}
