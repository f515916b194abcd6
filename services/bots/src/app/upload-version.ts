import { randomUUID } from 'node:crypto';
import { problem, withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database, Language } from '../database.js';
import { MAX_SOURCE_BYTES, sourceBytes } from '../domain/source.js';
import { toVersionView, type VersionView } from '../adapters/views.js';
import { botOr404 } from './owned-bot.js';
import type { BotValidator } from './ports.js';

export interface UploadDeps {
  db: Kysely<Database>;
  bus: Bus;
  validator: BotValidator;
}

/**
 * The owner uploads a new version. It is validated in the sandbox first (outside any transaction:
 * it takes a while), then stored with the next number either way: an invalid version keeps its
 * error so the owner sees what is wrong, and can never be activated.
 */
export async function uploadVersion(
  deps: UploadDeps,
  botId: string,
  ownerId: string,
  input: { source: string; language: Language },
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
  const checked = await deps.validator.validate(input.source, input.language);

  return withTransaction(deps.db, async (tx) => {
    // Bumping the counter locks the bot row: concurrent uploads get consecutive numbers.
    const bot = await tx
      .updateTable('bots')
      .set((eb) => ({ last_version: eb('last_version', '+', 1) }))
      .where('id', '=', botId)
      .returning(['last_version', 'active_version_id', 'owner_id'])
      .executeTakeFirstOrThrow();
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
    return toVersionView(row, bot.active_version_id, undefined);
  });
}
