import { problem, withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { GATE_TOTAL } from '../domain/gate.js';
import { VERSION_COLUMNS, whereVersionRef } from '../adapters/bot-queries.js';
import { toVersionView, type VersionView } from '../adapters/views.js';
import { GATE_QUEUE } from './schedule-gate.js';

/**
 * The owner makes a valid version the bot's active one. The first version ever activated may play
 * ranked battles at once; any later one starts its regression gate against the version it
 * replaces (the duels are created by the `bots.gate` worker once this commits). A version that
 * already has a gate keeps its verdict; activating the active version changes nothing.
 */
export async function activateVersion(
  db: Kysely<Database>,
  bus: Bus,
  botId: string,
  ref: string,
  callerId: string,
): Promise<VersionView> {
  return withTransaction(db, async (tx) => {
    const bot = await tx
      .selectFrom('bots')
      .selectAll()
      .where('id', '=', botId)
      .forUpdate()
      .executeTakeFirst();
    if (!bot) throw problem(404, 'Bot not found', `There is no bot ${botId}`);
    if (bot.owner_id !== callerId)
      throw problem(403, 'Not your bot', 'Only the owner of a bot can activate its versions');
    const where = whereVersionRef(ref);
    let version = await tx
      .selectFrom('bot_versions')
      .select(VERSION_COLUMNS)
      .where('bot_id', '=', botId)
      .where(where.column, '=', where.value)
      .executeTakeFirst();
    if (!version) throw problem(404, 'Version not found', `Bot ${botId} has no version ${ref}`);
    if (version.status !== 'valid') {
      throw problem(
        409,
        'Version is invalid',
        `Version ${version.version} did not pass validation: ${version.error ?? ''}`,
      );
    }
    let gate = await tx
      .selectFrom('gates')
      .selectAll()
      .where('bot_version_id', '=', version.id)
      .executeTakeFirst();
    const previousId = bot.active_version_id;
    if (previousId === version.id) return toVersionView(version, previousId, gate);

    if (previousId === null && !version.ranked_eligible) {
      version = await tx
        .updateTable('bot_versions')
        .set({ ranked_eligible: true })
        .where('id', '=', version.id)
        .returning(VERSION_COLUMNS)
        .executeTakeFirstOrThrow();
    } else if (previousId !== null && !gate && !version.ranked_eligible) {
      gate = await tx
        .insertInto('gates')
        .values({
          bot_version_id: version.id,
          baseline_version_id: previousId,
          status: 'running',
          total: GATE_TOTAL,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await bus.send(tx, GATE_QUEUE, { type: 'gate.start', data: { botVersionId: version.id } });
    }
    await tx.updateTable('bots').set({ active_version_id: version.id }).where('id', '=', botId).execute();
    await bus.publish(tx, versionActivated(bot.owner_id, version, previousId, gate ? gate.status : null));
    return toVersionView(version, version.id, gate);
  });
}

/** `bot.version-activated` for a version that has just become its bot's active one. */
export function versionActivated(
  ownerId: string,
  version: { id: string; bot_id: string; version: number; ranked_eligible: boolean },
  previousVersionId: string | null,
  gate: string | null,
) {
  return {
    type: 'bot.version-activated',
    version: 1,
    data: {
      botId: version.bot_id,
      botVersionId: version.id,
      ownerId,
      version: version.version,
      previousVersionId,
      rankedEligible: version.ranked_eligible,
      gate,
      activatedAt: new Date().toISOString(),
    },
  };
}
