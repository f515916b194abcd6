import { timestampDate, timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { BattlesService, type Participant } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { Code, ConnectError, type Kysely, type ServiceImpl } from '@garrison/kit';
import { loadBattle, type BattleRecord } from '../../adapters/battle-repository.js';
import { createBattle, type CreateDeps } from '../../app/create-battle.js';
import { watchBattle } from '../../app/watch-battle.js';
import type { Database } from '../../database.js';
import { BattleError, type BattleErrorCode } from '../../domain/errors.js';

const CODES: Record<BattleErrorCode, Code> = {
  invalid: Code.InvalidArgument,
  'not-eligible': Code.FailedPrecondition,
  'not-found': Code.NotFound,
  forbidden: Code.PermissionDenied,
  conflict: Code.FailedPrecondition,
  'too-many': Code.ResourceExhausted,
  'not-implemented': Code.Unimplemented,
};

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof BattleError) throw new ConnectError(err.message, CODES[err.code]);
    throw err;
  }
}

const stamp = (d: Date | null) => (d ? timestampFromDate(d) : undefined);

function toMessage({ battle, participants }: BattleRecord) {
  // A broadcast battle's places are stored before they are revealed (ADR 240): shown once finished.
  const revealed = battle.status === 'finished';
  return {
    id: battle.id,
    kind: battle.kind,
    status: battle.status,
    rulesVersion: battle.rules_version,
    seed: Number(battle.seed),
    mode: battle.mode,
    rounds: battle.rounds,
    ranked: battle.ranked,
    contextId: battle.context_id ?? '',
    cancelReason: battle.cancel_reason ?? '',
    participants: participants.map((p) => ({
      userId: p.user_id ?? '',
      botVersionId: p.bot_version_id ?? '',
      builtin: p.builtin ?? '',
      local: p.local,
      place: revealed ? (p.place ?? 0) : 0,
      score: revealed ? (p.score ?? 0) : 0,
      botId: p.bot_id ?? '',
      version: p.version ?? 0,
    })),
    createdAt: stamp(battle.created_at),
    startsAt: stamp(battle.starts_at),
    startedAt: stamp(battle.started_at),
    finishedAt: stamp(battle.finished_at),
  };
}

const seatOf = (p: Participant) => ({
  userId: p.userId || null,
  botVersionId: p.botVersionId || undefined,
  builtin: p.builtin || undefined,
  local: p.local || undefined,
});

async function mustLoad(db: Kysely<Database>, id: string): Promise<BattleRecord> {
  const record = /^[0-9a-f-]{36}$/i.test(id) ? await loadBattle(db, id) : undefined;
  if (!record) throw new ConnectError(`There is no battle ${id}`, Code.NotFound);
  return record;
}

/** Internal API: matchmaking, tournaments and the bots' regression gate create and follow battles. */
export function battlesGrpc(deps: CreateDeps, watchPollMs: number): ServiceImpl<typeof BattlesService> {
  return {
    createBattle: (req) =>
      answering(async () => {
        if (!req.requestId) throw new BattleError('invalid', 'Invalid battle', 'request_id is required');
        const record = await createBattle(deps, {
          requestId: req.requestId,
          kind: req.kind,
          participants: req.participants.map(seatOf),
          mode: req.mode || undefined,
          rounds: req.rounds || undefined,
          rulesVersion: req.rulesVersion || undefined,
          seed: req.seed || undefined,
          startsAt: req.startsAt ? timestampDate(req.startsAt as Timestamp) : undefined,
          ranked: req.ranked,
          contextId: req.contextId || undefined,
          broadcast: req.broadcast,
        });
        return toMessage(record);
      }),
    getBattle: async (req) => toMessage(await mustLoad(deps.db, req.id)),
    async *watchBattle(req, context) {
      await mustLoad(deps.db, req.id);
      for await (const record of watchBattle(deps.db, req.id, watchPollMs, context.signal)) {
        yield toMessage(record);
      }
    },
  };
}
