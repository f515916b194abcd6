import type { Kysely, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { planGate } from '../domain/gate.js';
import type { BattleScheduler } from './ports.js';

/** The point-to-point queue of gate work (`gate.start` commands), owned by bots. */
export const GATE_QUEUE = 'bots.gate';

/**
 * Creates, on the battle workers, every duel of a running gate that battles has not accepted yet.
 * Safe to repeat at any time: CreateBattle is idempotent by the duel's request id, and a duel is
 * recorded once. Returns how many duels were created by this call.
 */
export async function scheduleGateDuels(
  db: Kysely<Database> | Transaction<Database>,
  battles: BattleScheduler,
  botVersionId: string,
): Promise<number> {
  const gate = await db
    .selectFrom('gates')
    .innerJoin('bot_versions as candidate', 'candidate.id', 'gates.bot_version_id')
    .innerJoin('bots as candidate_bot', 'candidate_bot.id', 'candidate.bot_id')
    .innerJoin('bot_versions as baseline', 'baseline.id', 'gates.baseline_version_id')
    .innerJoin('bots as baseline_bot', 'baseline_bot.id', 'baseline.bot_id')
    .select([
      'gates.status',
      'candidate_bot.owner_id as candidate_owner',
      'baseline.id as baseline_id',
      'baseline_bot.owner_id as baseline_owner',
    ])
    .where('gates.bot_version_id', '=', botVersionId)
    .executeTakeFirst();
  // A decided gate needs no more duels; an unknown one is a stale command.
  if (!gate || gate.status !== 'running') return 0;

  const created = new Set(
    (await db.selectFrom('gate_duels').select('n').where('bot_version_id', '=', botVersionId).execute()).map(
      (d) => d.n,
    ),
  );
  const duels = planGate(
    { botVersionId, ownerId: gate.candidate_owner },
    { botVersionId: gate.baseline_id, ownerId: gate.baseline_owner },
  ).filter((duel) => !created.has(duel.n));
  for (const duel of duels) {
    const { battleId } = await battles.createBattle(duel);
    await db
      .insertInto('gate_duels')
      .values({ bot_version_id: botVersionId, n: duel.n, battle_id: battleId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return duels.length;
}

/** Running gates that started a while ago and still miss duels (battles was down, retries ran out). */
export async function stalledGates(db: Kysely<Database>, olderThan: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('gates')
    .leftJoin('gate_duels', 'gate_duels.bot_version_id', 'gates.bot_version_id')
    .select(['gates.bot_version_id', 'gates.total'])
    .select((eb) => eb.fn.count<string>('gate_duels.n').as('duels'))
    .where('gates.status', '=', 'running')
    .where('gates.started_at', '<', olderThan)
    .groupBy(['gates.bot_version_id', 'gates.total'])
    .execute();
  return rows.filter((r) => Number(r.duels) < r.total).map((r) => r.bot_version_id);
}
