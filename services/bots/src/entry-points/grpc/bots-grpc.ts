import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { Code, ConnectError, type Kysely, type ServiceImpl } from '@garrison/kit';
import type { Database } from '../../database.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Internal API: battles loads a hosted version's code; matchmaking and tournaments check eligibility. */
export function botsGrpc(db: Kysely<Database>): ServiceImpl<typeof BotsService> {
  const load = async (botVersionId: string) => {
    if (!UUID.test(botVersionId)) {
      throw new ConnectError(`bot_version_id must be a UUID, got "${botVersionId}"`, Code.InvalidArgument);
    }
    const row = await db
      .selectFrom('bot_versions')
      .innerJoin('bots', 'bots.id', 'bot_versions.bot_id')
      .select([
        'bot_versions.id',
        'bot_versions.bot_id',
        'bot_versions.version',
        'bot_versions.status',
        'bot_versions.ranked_eligible',
        'bot_versions.language',
        'bot_versions.source',
        'bot_versions.compiled_js',
        'bots.owner_id',
        'bots.name',
        'bots.active_version_id',
      ])
      .where('bot_versions.id', '=', botVersionId.toLowerCase())
      .executeTakeFirst();
    if (!row) throw new ConnectError(`There is no bot version ${botVersionId}`, Code.NotFound);
    return row;
  };
  const toVersion = (row: Awaited<ReturnType<typeof load>>) => ({
    botVersionId: row.id,
    botId: row.bot_id,
    ownerId: row.owner_id,
    botName: row.name,
    version: row.version,
    status: row.status,
    rankedEligible: row.ranked_eligible,
    active: row.active_version_id === row.id,
  });
  return {
    async getBotVersion(req) {
      return toVersion(await load(req.botVersionId));
    },
    async getBotSource(req) {
      const row = await load(req.botVersionId);
      if (row.status !== 'valid' || row.compiled_js === null) {
        throw new ConnectError(
          `Bot version ${row.id} is invalid and cannot be played`,
          Code.FailedPrecondition,
        );
      }
      return {
        version: toVersion(row),
        language: row.language,
        source: row.source,
        compiledJs: row.compiled_js,
      };
    },
  };
}
