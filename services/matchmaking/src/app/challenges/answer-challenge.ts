import { problem, sql, withTransaction } from '@garrison/kit';
import type { BotChoice } from '../../domain/bot.js';
import { eventRules } from '../../domain/rules.js';
import { toChallengeView, type ChallengeView } from '../../adapters/views.js';
import type { Deps } from '../deps.js';
import { requireOwnBot } from '../own-bot.js';
import type { Tx } from '../ports.js';

/** The challenge locked for an answer by its opponent; 404 for anyone else, 409 once decided. */
async function pendingFor(tx: Tx, challengeId: string, userId: string) {
  const row = await tx
    .selectFrom('challenges')
    .selectAll()
    .select(sql<boolean>`expires_at <= now()`.as('past_expiry'))
    .where('id', '=', challengeId)
    .forUpdate()
    .executeTakeFirst();
  if (!row || (row.opponent_id !== userId && row.challenger_id !== userId))
    throw problem(404, 'Not Found', `challenge ${challengeId} does not exist`);
  if (row.opponent_id !== userId)
    throw problem(403, 'Forbidden', 'Only the challenged player answers a challenge');
  if (row.status !== 'pending' || row.past_expiry) {
    const status = row.status === 'pending' ? 'expired' : row.status;
    throw problem(409, 'Challenge already decided', `The challenge is ${status}`, {
      challengeStatus: status,
    });
  }
  const { past_expiry: _past, ...challenge } = row;
  return challenge;
}

/**
 * Accepts a challenge: creates its battle through battles' CreateBattle (request id
 * `challenge:<id>`, so a retry after a lost answer gets the same battle) while the row is locked, then
 * records the battle and publishes `challenge.accepted` in the same transaction. If battles refuses or
 * is down, nothing changes here and the player may try again.
 */
export async function acceptChallenge(
  deps: Deps,
  challengeId: string,
  userId: string,
  bot: BotChoice,
): Promise<ChallengeView> {
  return withTransaction(deps.db, async (tx) => {
    const challenge = await pendingFor(tx, challengeId, userId);
    await requireOwnBot(deps.bots, userId, bot, challenge.ranked);
    const rules = { mode: challenge.mode, rounds: challenge.rounds, version: challenge.rules_version };
    const { battleId } = await deps.battles.createBattle({
      requestId: `challenge:${challenge.id}`,
      kind: 'challenge',
      contextId: challenge.id,
      ranked: challenge.ranked,
      rules,
      participants: [
        { userId: challenge.challenger_id, bot: challenge.challenger_bot },
        { userId: challenge.opponent_id, bot },
      ],
    });
    const row = await tx
      .updateTable('challenges')
      .set({ status: 'accepted', opponent_bot: bot, battle_id: battleId, decided_at: sql<Date>`now()` })
      .where('id', '=', challenge.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.bus.publish(tx, {
      type: 'challenge.accepted',
      version: 1,
      data: {
        challengeId: row.id,
        challengerId: row.challenger_id,
        opponentId: row.opponent_id,
        battleId,
        rules: eventRules(rules),
        ranked: row.ranked,
        acceptedAt: row.decided_at!.toISOString(),
      },
    });
    return toChallengeView(row);
  });
}

export async function declineChallenge(
  deps: Deps,
  challengeId: string,
  userId: string,
): Promise<ChallengeView> {
  return withTransaction(deps.db, async (tx) => {
    const challenge = await pendingFor(tx, challengeId, userId);
    const row = await tx
      .updateTable('challenges')
      .set({ status: 'declined', decided_at: sql<Date>`now()` })
      .where('id', '=', challenge.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.bus.publish(tx, {
      type: 'challenge.declined',
      version: 1,
      data: {
        challengeId: row.id,
        challengerId: row.challenger_id,
        opponentId: row.opponent_id,
        declinedAt: row.decided_at!.toISOString(),
      },
    });
    return toChallengeView(row);
  });
}
