import { sql, withTransaction } from '@garrison/kit';
import type { BotChoice } from '../../domain/bot.js';
import { windowOf } from '../../domain/pairing.js';
import type { Deps } from '../deps.js';
import { requireOwnBot } from '../own-bot.js';

export type QueueStatus =
  | { status: 'idle' }
  | { status: 'searching'; bot: BotChoice; since: string; rating: number; window: number }
  | {
      status: 'matched';
      matchId: string;
      opponentId: string;
      /** null for the moment between pairing and the battle's creation */
      battleId: string | null;
      matchedAt: string;
    }
  | { status: 'refused'; matchId: string; reason: string };

/**
 * Starts searching (or changes the bot of a running search without losing the time already waited).
 * A previous result (matched/refused) is replaced by the new search.
 */
export async function joinQueue(deps: Deps, userId: string, bot: BotChoice): Promise<QueueStatus> {
  // Auto-search battles are ranked (SPEC 3.4).
  await requireOwnBot(deps.bots, userId, bot, true);
  await withTransaction(deps.db, async (tx) => {
    await tx
      .insertInto('queue_entries')
      .values({ user_id: userId, bot, status: 'searching', match_id: null })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          bot,
          status: 'searching',
          match_id: null,
          since: sql<Date>`case when queue_entries.status = 'searching' then queue_entries.since else now() end`,
        }),
      )
      .execute();
  });
  return queueStatus(deps, userId);
}

/** Stops searching; a match already found stands (its battle exists or is being created). */
export async function leaveQueue(deps: Deps, userId: string): Promise<QueueStatus> {
  await deps.db
    .deleteFrom('queue_entries')
    .where('user_id', '=', userId)
    .where('status', '=', 'searching')
    .execute();
  return queueStatus(deps, userId);
}

export async function queueStatus(deps: Deps, userId: string): Promise<QueueStatus> {
  const entry = await deps.db
    .selectFrom('queue_entries')
    .leftJoin('matches', 'matches.id', 'queue_entries.match_id')
    .select([
      'queue_entries.bot',
      'queue_entries.status',
      'queue_entries.since',
      'matches.id as match_id',
      'matches.player_a',
      'matches.player_b',
      'matches.battle_id',
      'matches.refused',
      'matches.created_at as matched_at',
    ])
    .where('queue_entries.user_id', '=', userId)
    .executeTakeFirst();
  if (!entry) return { status: 'idle' };
  if (entry.status === 'searching') {
    const rating = (await deps.ratings.conservativeOf(deps.db, [userId])).get(userId)!;
    const since = entry.since.getTime();
    return {
      status: 'searching',
      bot: entry.bot,
      since: entry.since.toISOString(),
      rating,
      window: windowOf({ userId, rating, since, lastOpponentId: null }, Date.now(), deps.pairing),
    };
  }
  if (!entry.match_id) return { status: 'idle' };
  if (entry.refused) return { status: 'refused', matchId: entry.match_id, reason: entry.refused };
  return {
    status: 'matched',
    matchId: entry.match_id,
    opponentId: entry.player_a === userId ? entry.player_b! : entry.player_a!,
    battleId: entry.battle_id,
    matchedAt: entry.matched_at!.toISOString(),
  };
}
