import { randomUUID } from 'node:crypto';
import { problem, withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database, Language } from '../database.js';
import { MAX_SOURCE_BYTES, sourceBytes } from '../domain/source.js';
import { toVersionView, type VersionView } from '../adapters/views.js';
import { versionActivated } from './activate-version.js';
import { botOr404 } from './owned-bot.js';
import type { BotValidator } from './ports.js';
import { ValidationUnfinished, type ValidationQueue } from './validation-queue.js';

export interface UploadDeps {
  db: Kysely<Database>;
  bus: Bus;
  validator: BotValidator;
  validations: ValidationQueue;
}

/**
 * The owner uploads a new version. It is validated in the sandbox first (outside any transaction:
 * it takes a while; bounded per user, ADR 141), then stored with the next number either way: an
 * invalid version keeps its error so the owner sees what is wrong, and can never be activated. The first valid version of a
 * bot with none active becomes active (and ranked-eligible, as a first activation is) in the same
 * transaction: a new player's bot can play at once (ADR 190).
 */
export async function uploadVersion(
  deps: UploadDeps,
  botId: string,
  ownerId: string,
  input: { source: string; language: Language },
  signal?: AbortSignal,
): Promise<VersionView> {
  const bytes = sourceBytes(input.source);
  if (bytes > MAX_SOURCE_BYTES) {
    throw problem(
      413,
      'Source too large',
      `The source is ${bytes} bytes; the limit is ${MAX_SOURCE_BYTES} (256 KiB)`,
    );
  }
  await botOr404(deps.db, botId, ownerId);
  const checked = await deps.validations.run(ownerId, () =>
    deps.validator.validate(input.source, input.language),
  );
  if ('unfinished' in checked) throw new ValidationUnfinished(deps.validations.retryAfterSeconds);
  // The caller gave up (the gateway timed out): storing now would add a version they were told failed.
  if (signal?.aborted) throw new ValidationUnfinished(deps.validations.retryAfterSeconds);

  return withTransaction(deps.db, async (tx) => {
    // Bumping the counter locks the bot row: concurrent uploads get consecutive numbers.
    const bot = await tx
      .updateTable('bots')
      .set((eb) => ({ last_version: eb('last_version', '+', 1) }))
      .where('id', '=', botId)
      .returning(['last_version', 'active_version_id', 'owner_id'])
      .executeTakeFirstOrThrow();
    const first = checked.ok && bot.active_version_id === null;
    const row = await tx
      .insertInto('bot_versions')
      .values({
        id: randomUUID(),
        bot_id: botId,
        version: bot.last_version,
        language: input.language,
        source: input.source,
        compiled_js: checked.ok ? checked.compiledJs : null,
        status: checked.ok ? 'valid' : 'invalid',
        error: checked.ok ? null : checked.error,
        ranked_eligible: first,
      })
      .returning(['id', 'bot_id', 'version', 'language', 'status', 'error', 'ranked_eligible', 'created_at'])
      .executeTakeFirstOrThrow();
    await deps.bus.publish(tx, {
      type: 'bot.version-uploaded',
      version: 1,
      data: {
        botId,
        botVersionId: row.id,
        ownerId: bot.owner_id,
        version: row.version,
        language: row.language,
        status: row.status,
        error: row.error,
        uploadedAt: row.created_at.toISOString(),
      },
    });
    if (first) {
      await tx.updateTable('bots').set({ active_version_id: row.id }).where('id', '=', botId).execute();
      await deps.bus.publish(tx, versionActivated(bot.owner_id, row, null, null));
    }
    return toVersionView(row, first ? row.id : bot.active_version_id, undefined);
  });
}
