import type { Bus, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { decideGate } from '../domain/gate.js';

export interface GateOutcome {
  battleId: string;
  candidateVersionId: string;
  won: boolean;
  outcome: 'finished' | 'cancelled';
}

/**
 * Counts one gate battle (once per battle id, whatever redelivery does) and decides the gate when
 * its outcome can no longer change: passing makes the version ranked-eligible; either way
 * `bot.gate-finished` is published, once. Returns false when the battle was not counted.
 */
export async function recordGateResult(
  tx: Transaction<Database>,
  bus: Bus,
  result: GateOutcome,
): Promise<boolean> {
  const gate = await tx
    .selectFrom('gates')
    .selectAll()
    .where('bot_version_id', '=', result.candidateVersionId)
    .forUpdate()
    .executeTakeFirst();
  if (!gate) return false;
  const inserted = await tx
    .insertInto('gate_results')
    .values({
      battle_id: result.battleId,
      bot_version_id: gate.bot_version_id,
      won: result.won,
      outcome: result.outcome,
    })
    .onConflict((oc) => oc.column('battle_id').doNothing())
    .returning('battle_id')
    .executeTakeFirst();
  if (!inserted) return false;

  const wins = gate.wins + (result.won ? 1 : 0);
  const played = gate.played + 1;
  const status = gate.status === 'running' ? decideGate({ wins, played, total: gate.total }) : gate.status;
  const decidedNow = gate.status === 'running' && status !== 'running';
  const finishedAt = decidedNow ? new Date() : gate.finished_at;
  await tx
    .updateTable('gates')
    .set({ wins, played, status, finished_at: finishedAt })
    .where('bot_version_id', '=', gate.bot_version_id)
    .execute();
  if (!decidedNow) return true;

  const version = await tx
    .updateTable('bot_versions')
    .set({ ranked_eligible: status === 'passed' })
    .where('id', '=', gate.bot_version_id)
    .returning(['id', 'bot_id', 'version', 'ranked_eligible'])
    .executeTakeFirstOrThrow();
  const bot = await tx
    .selectFrom('bots')
    .select('owner_id')
    .where('id', '=', version.bot_id)
    .executeTakeFirstOrThrow();
  await bus.publish(tx, {
    type: 'bot.gate-finished',
    version: 1,
    data: {
      botId: version.bot_id,
      botVersionId: version.id,
      ownerId: bot.owner_id,
      version: version.version,
      status,
      wins,
      played,
      total: gate.total,
      rankedEligible: version.ranked_eligible,
      finishedAt: finishedAt!.toISOString(),
    },
  });
  return true;
}
