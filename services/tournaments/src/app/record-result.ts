import type { Bus } from '@garrison/kit';
import type { StoredOutcome } from '../database.js';
import type { Tx } from './ports.js';
import { advance } from './rounds.js';

/** The part of a battle event this service needs. */
export interface BattleFacts {
  battleId: string;
  contextId: string | null;
  participants: Array<{ userId: string | null; place?: number; score?: number; forfeited?: boolean }>;
}

export class BattleNotYetKnown extends Error {
  override name = 'BattleNotYetKnown';
}

/**
 * The match a tournament battle belongs to: by battle id, or — when the result overtook the
 * CreateBattle answer — by the tournament (contextId) and the two players of an open match, whose
 * battle id is then filled in here.
 */
async function findMatch(tx: Tx, facts: BattleFacts) {
  const byId = await tx
    .selectFrom('matches')
    .selectAll()
    .where('battle_id', '=', facts.battleId)
    .executeTakeFirst();
  if (byId || !facts.contextId) return byId;
  const players = facts.participants.map((p) => p.userId).filter((u): u is string => Boolean(u));
  const open = await tx
    .selectFrom('matches')
    .selectAll()
    .where('tournament_id', '=', facts.contextId)
    .where('battle_id', 'is', null)
    .where('status', '=', 'pending')
    .execute();
  const match = open.find(
    (m) => m.participants.length === players.length && m.participants.every((u) => players.includes(u)),
  );
  if (!match) return undefined;
  await tx
    .updateTable('matches')
    .set({ battle_id: facts.battleId })
    .where('tournament_id', '=', match.tournament_id)
    .where('round', '=', match.round)
    .where('k', '=', match.k)
    .execute();
  return match;
}

/**
 * Records a tournament battle's result (or its cancellation: everyone forfeits) and, when it completes
 * the round, opens the next round or finishes the tournament. The tournament row is locked first, so
 * two results completing the same round cannot both miss it. Unknown battles of a running tournament
 * are retried (the CreateBattle answer may still be on its way); others are ignored.
 */
export async function recordBattleResult(
  tx: Tx,
  bus: Bus,
  facts: BattleFacts,
  how: 'finished' | 'cancelled',
): Promise<'recorded' | 'ignored'> {
  if (!facts.contextId) return 'ignored';
  const t = await tx
    .selectFrom('tournaments')
    .selectAll()
    .where('id', '=', facts.contextId)
    .forUpdate()
    .executeTakeFirst();
  if (!t || t.status !== 'running') return 'ignored';
  const match = await findMatch(tx, facts);
  if (!match) {
    throw new BattleNotYetKnown(`battle ${facts.battleId} of tournament ${t.id} matches no open battle yet`);
  }
  if (match.status === 'finished' || match.status === 'cancelled') return 'ignored'; // a repeat
  const outcome: StoredOutcome[] = match.participants.map((userId) => {
    const p = facts.participants.find((x) => x.userId === userId);
    if (how === 'cancelled' || !p) return { userId, place: 1, score: 0, forfeited: true };
    return { userId, place: p.place ?? 1, score: p.score ?? 0, forfeited: p.forfeited ?? false };
  });
  await tx
    .updateTable('matches')
    .set({ status: how, outcome: JSON.stringify(outcome), battle_id: facts.battleId })
    .where('tournament_id', '=', match.tournament_id)
    .where('round', '=', match.round)
    .where('k', '=', match.k)
    .execute();
  const open = await tx
    .selectFrom('matches')
    .select('k')
    .where('tournament_id', '=', t.id)
    .where('round', '=', match.round)
    .where('status', 'not in', ['finished', 'cancelled'])
    .execute();
  const lastRound = await tx
    .selectFrom('rounds')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('tournament_id', '=', t.id)
    .executeTakeFirstOrThrow();
  if (open.length === 0 && lastRound.n === match.round) await advance(tx, bus, t);
  return 'recorded';
}
