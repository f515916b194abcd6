import { withTransaction } from '@garrison/kit';
import type { Deps } from './deps.js';
import type { Tx } from './ports.js';
import { planReminders } from './reminders.js';

/** The idempotency key of a tournament battle (SPEC 3.5 / battles.proto). */
export const battleRequestId = (tournamentId: string, round: number, k: number) =>
  `tournament:${tournamentId}:round:${round}:match:${k}`;

/**
 * Handles `tournaments.schedule-battles`: creates (CreateBattle) every battle of the round that has
 * none yet and records its id. A failure throws, so the command is retried with backoff; a repeat is
 * safe because the battles service answers a known request id with the same battle.
 */
export async function scheduleRoundBattles(
  deps: Deps,
  tx: Tx,
  command: { tournamentId: string; round: number },
): Promise<number> {
  const t = await tx
    .selectFrom('tournaments')
    .select(['id', 'title', 'rules', 'status', 'broadcast'])
    .where('id', '=', command.tournamentId)
    .executeTakeFirst();
  if (!t || t.status !== 'running') return 0;
  const matches = await tx
    .selectFrom('matches')
    .selectAll()
    .where('tournament_id', '=', t.id)
    .where('round', '=', command.round)
    .where('battle_id', 'is', null)
    .where('status', '=', 'pending')
    .orderBy('k')
    .execute();
  if (matches.length === 0) return 0;
  const bots = new Map(
    (
      await tx
        .selectFrom('participants')
        .select(['user_id', 'bot'])
        .where('tournament_id', '=', t.id)
        .execute()
    ).map((p) => [p.user_id, p.bot]),
  );
  // every battle of the round starts the same time after the round opened (stable across retries)
  const round = await tx
    .selectFrom('rounds')
    .select('started_at')
    .where('tournament_id', '=', t.id)
    .where('number', '=', command.round)
    .executeTakeFirstOrThrow();
  const lead = deps.settings.roundLeadSeconds * 1000;
  const requestedStart = lead > 0 ? new Date(round.started_at.getTime() + lead) : undefined;
  for (const m of matches) {
    const battle = await deps.battles.createBattle({
      requestId: battleRequestId(t.id, m.round, m.k),
      tournamentId: t.id,
      participants: m.participants.map((userId) => ({ userId, bot: bots.get(userId)! })),
      rules: t.rules,
      startsAt: requestedStart,
      broadcast: t.broadcast,
    });
    const stored = await tx
      .updateTable('matches')
      .set({ battle_id: battle.battleId, status: 'scheduled' })
      .where('tournament_id', '=', t.id)
      .where('round', '=', m.round)
      .where('k', '=', m.k)
      .where('battle_id', 'is', null)
      .executeTakeFirst();
    if (stored.numUpdatedRows === 0n) continue; // its result overtook us: too late to remind
    await planReminders(tx, deps, {
      tournamentId: t.id,
      title: t.title,
      battleId: battle.battleId,
      userIds: m.participants,
      startsAt: battle.startsAt ?? requestedStart ?? new Date(),
    });
  }
  return matches.length;
}

/**
 * The sweep behind the command: rounds opened over a minute ago that still have battles without an
 * id (the battles service was down longer than the command's retries) are scheduled again.
 */
export async function schedulePendingBattles(deps: Deps): Promise<number> {
  const stale = await deps.db
    .selectFrom('matches')
    .innerJoin('rounds', (j) =>
      j
        .onRef('rounds.tournament_id', '=', 'matches.tournament_id')
        .onRef('rounds.number', '=', 'matches.round'),
    )
    .select(['matches.tournament_id', 'matches.round'])
    .distinct()
    .where('matches.battle_id', 'is', null)
    .where('matches.status', '=', 'pending')
    .where('rounds.started_at', '<', new Date(Date.now() - 60_000))
    .execute();
  let scheduled = 0;
  for (const r of stale) {
    try {
      scheduled += await withTransaction(deps.db, (tx) =>
        scheduleRoundBattles(deps, tx, { tournamentId: r.tournament_id, round: r.round }),
      );
    } catch (err) {
      deps.log.warn(
        { err, tournamentId: r.tournament_id, round: r.round },
        'battles still cannot be created',
      );
    }
  }
  return scheduled;
}
