import { randomUUID } from 'node:crypto';
import { problem, sql, withTransaction } from '@garrison/kit';
import type { BotChoice } from '../../domain/bot.js';
import { completeRules, eventRules, rulesProblem, type Rules } from '../../domain/rules.js';
import { toChallengeView, type ChallengeView } from '../../adapters/views.js';
import type { Deps } from '../deps.js';
import { requireOwnBot } from '../own-bot.js';

export const EXPIRE_JOB = 'expire-challenge';

export interface NewChallenge {
  opponentId: string;
  bot: BotChoice;
  rules?: Partial<Rules>;
  ranked: boolean;
}

/** A 429 that also says when the next challenge will be allowed. */
export class TooManyChallenges extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many challenges');
  }
}

/**
 * Sends a challenge: stored pending with its expiry, `challenge.created` in the same transaction (the
 * opponent's notification comes from it). The per-user hourly limit is counted under a per-user
 * advisory lock, so two concurrent requests cannot both take the last slot.
 */
export async function sendChallenge(
  deps: Deps,
  challengerId: string,
  input: NewChallenge,
): Promise<ChallengeView> {
  if (input.opponentId === challengerId)
    throw problem(422, 'Invalid challenge', 'You cannot challenge yourself');
  const rules = completeRules(input.rules, 2);
  const invalid = rulesProblem(rules, 2);
  if (invalid) throw problem(422, 'Invalid rules', invalid);
  await requireOwnBot(deps.bots, challengerId, input.bot, input.ranked);

  const view = await withTransaction(deps.db, async (tx) => {
    const players = await tx
      .selectFrom('players')
      .select(['id', 'active', 'display_name'])
      .where('id', 'in', [input.opponentId, challengerId])
      .execute();
    const opponent = players.find((p) => p.id === input.opponentId);
    if (!opponent) throw problem(404, 'Player not found', `There is no player ${input.opponentId}`);
    if (!opponent.active) throw problem(422, 'Player unavailable', 'That account is deactivated');
    const challengerName = players.find((p) => p.id === challengerId)?.display_name ?? null;
    await sql`select pg_advisory_xact_lock(hashtextextended(${`challenges:${challengerId}`}, 0))`.execute(tx);
    const recent = await tx
      .selectFrom('challenges')
      .select('created_at')
      .where('challenger_id', '=', challengerId)
      .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
      .orderBy('created_at', 'asc')
      .execute();
    if (recent.length >= deps.limits.challengesPerHour) {
      const oldest = recent[recent.length - deps.limits.challengesPerHour]!.created_at;
      throw new TooManyChallenges(Math.max(1, Math.ceil((oldest.getTime() + 3_600_000 - Date.now()) / 1000)));
    }
    const row = await tx
      .insertInto('challenges')
      .values({
        id: randomUUID(),
        challenger_id: challengerId,
        opponent_id: input.opponentId,
        challenger_bot: input.bot,
        opponent_bot: null,
        mode: rules.mode,
        rounds: rules.rounds,
        rules_version: rules.version,
        ranked: input.ranked,
        status: 'pending',
        battle_id: null,
        expires_at: sql<Date>`now() + make_interval(secs => ${deps.limits.challengeTtlSeconds})`,
        decided_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.bus.publish(tx, {
      type: 'challenge.created',
      version: 1,
      data: {
        challengeId: row.id,
        challengerId,
        challengerName,
        opponentId: row.opponent_id,
        rules: eventRules(rules),
        ranked: row.ranked,
        createdAt: row.created_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
      },
    });
    return toChallengeView(row, row.created_at);
  });

  // After the commit: if scheduling fails (or the process dies here) the every-minute sweep expires it.
  try {
    await deps.scheduler.runAt(
      EXPIRE_JOB,
      new Date(view.expiresAt),
      { challengeId: view.id },
      { id: view.id },
    );
  } catch (err) {
    deps.log.warn({ err, challengeId: view.id }, 'could not schedule the expiry; the sweep will');
  }
  return view;
}
