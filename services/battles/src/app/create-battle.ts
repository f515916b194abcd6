import { randomUUID } from 'node:crypto';
import { sql, withTransaction, type Bus, type Kysely, type Scheduler, type Transaction } from '@garrison/kit';
import { findByRequestId, loadBattle, type BattleRecord } from '../adapters/battle-repository.js';
import type { Database, ParticipantsTable } from '../database.js';
import {
  BattleRequestError,
  checkKind,
  checkSeat,
  resolveBattleRules,
  resolveRulesVersion,
  resolveSeed,
  type SeatRequest,
} from '../domain/battle-rules.js';
import { eventHead, eventParticipant } from '../domain/battle-view.js';
import { BattleError } from '../domain/errors.js';
import type { BotDirectory } from './ports.js';
import { sendRun } from './run-lanes.js';

export interface NewBattle {
  kind: string;
  participants: SeatRequest[];
  mode?: string | undefined;
  rounds?: number | undefined;
  /** Version of the game rules; absent or 0 → 1. */
  rulesVersion?: number | undefined;
  seed?: number | undefined;
  startsAt?: Date | undefined;
  ranked?: boolean | undefined;
  contextId?: string | undefined;
  /** Idempotency key: the same key returns the battle made the first time. */
  requestId?: string | undefined;
  createdBy?: string | undefined;
  /** Shown to spectators in real time once computed, its result held back until then (ADR 240). */
  broadcast?: boolean | undefined;
  /** Practice through REST: the user who asks (their Agent must be online; their practice quota). */
  askedBy?: string | undefined;
}

export interface CreateDeps {
  db: Kysely<Database>;
  bus: Bus;
  scheduler: Scheduler;
  bots: BotDirectory;
  /** Whether live battles (a local participant) can be played here. */
  liveEnabled: boolean;
  /** Whether the user's local Agent is connected to this instance. */
  isOnline: (userId: string) => boolean;
  /** Called after the commit of a live battle: the in-process session starts it. */
  startLive: (battleId: string) => void;
  /** Unfinished practice battles one user may have asked for (ADR 142); past it 429. */
  practicePerUser: number;
}

/** The job that hands a battle scheduled for later to the work queue when its time comes. */
export const START_JOB = 'start-battle';
/** A start this close counts as "now": the queue picks it up at once. */
const NOW_SLACK_MS = 1000;

/**
 * Stores a battle and its participants, publishes battle.scheduled and, for a hosted battle that
 * starts now, sends battles.run — all in one transaction. Live battles start in this process.
 */
export async function createBattle(deps: CreateDeps, input: NewBattle): Promise<BattleRecord> {
  if (input.requestId) {
    const existing = await findByRequestId(deps.db, input.requestId);
    if (existing) return existing;
  }
  const kind = guard(() => checkKind(input.kind));
  const rules = guard(() => resolveBattleRules(input.participants.length, input.mode, input.rounds));
  const rulesVersion = guard(() => resolveRulesVersion(input.rulesVersion));
  const seed = guard(() => resolveSeed(input.seed));
  input.participants.forEach((seat, i) => guard(() => checkSeat(seat, i)));
  const live = input.participants.some((seat) => seat.local);
  if (live && !deps.liveEnabled) {
    throw new BattleError(
      'not-implemented',
      'Live battles are not available',
      'battles with a local Agent need the live engine (packages/live), which this build does not have yet',
    );
  }
  // A practice battle starts now: the player's Agent must be here (others forfeit after a while).
  const offline = input.participants.find(
    (seat) => seat.local && input.askedBy && !deps.isOnline(seat.userId!),
  );
  if (offline) {
    throw new BattleError(
      'conflict',
      'Agent not connected',
      'Connect your local Agent (garrison-agent play) before starting a battle with it',
    );
  }
  const seats = await resolveSeats(deps.bots, input);
  const id = randomUUID();
  const startsAt = input.startsAt ?? new Date();
  const startsNow = startsAt.getTime() <= Date.now() + NOW_SLACK_MS;

  let created: BattleRecord;
  try {
    created = await withTransaction(deps.db, async (tx) => {
      if (kind === 'practice' && input.askedBy)
        await takePracticeSlot(tx, input.askedBy, deps.practicePerUser);
      await tx
        .insertInto('battles')
        .values({
          id,
          kind,
          status: 'scheduled',
          rules_version: rulesVersion,
          seed,
          mode: rules.mode,
          rounds: rules.rounds,
          ranked: input.ranked ?? false,
          live,
          context_id: input.contextId || null,
          request_id: input.requestId || null,
          created_by: input.createdBy ?? null,
          cancel_reason: null,
          starts_at: startsAt,
          started_at: null,
          finished_at: null,
          live_heartbeat_at: null,
          // A live battle is real time already: only hosted ones are broadcast.
          broadcast: (input.broadcast ?? false) && !live,
        })
        .execute();
      await tx
        .insertInto('participants')
        .values(seats.map((seat) => ({ ...seat, battle_id: id })))
        .execute();
      const record = (await loadBattle(tx, id))!;
      await deps.bus.publish(tx, {
        type: 'battle.scheduled',
        version: 1,
        data: {
          ...eventHead(record),
          mode: rules.mode,
          rounds: rules.rounds,
          live,
          startsAt: startsAt.toISOString(),
          participants: record.participants.map(eventParticipant),
        },
      });
      if (!live && startsNow) await sendRun(deps.bus, tx, { kind, ranked: input.ranked ?? false }, id);
      return record;
    });
  } catch (err) {
    // Two callers with one request id at once: the loser answers with the winner's battle.
    if (input.requestId && isUniqueViolation(err)) {
      const existing = await findByRequestId(deps.db, input.requestId);
      if (existing) return existing;
    }
    throw err;
  }
  if (live) {
    if (startsNow) deps.startLive(id);
  } else if (!startsNow) {
    await deps.scheduler.runAt(START_JOB, startsAt, { battleId: id }, { id });
  }
  return created;
}

/** A practice battle is the caller's to wait for: how long before one of theirs is likely done. */
const PRACTICE_RETRY_AFTER_S = 15;

/**
 * The per-user bound on queued practice (SPEC 5.6): counted under a per-user advisory lock, so two
 * concurrent requests cannot both take the last place.
 */
async function takePracticeSlot(tx: Transaction<Database>, userId: string, limit: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`battles:practice:${userId}`}, 0))`.execute(tx);
  const open = await tx
    .selectFrom('battles')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('created_by', '=', userId)
    .where('kind', '=', 'practice')
    .where('status', 'in', ['scheduled', 'running'])
    .executeTakeFirstOrThrow();
  if (Number(open.n) >= limit) {
    throw new BattleError(
      'too-many',
      'Too many practice battles',
      `You have ${open.n} practice battles waiting or running (at most ${limit}); start another when one has finished`,
      PRACTICE_RETRY_AFTER_S,
    );
  }
}

type SeatRow = Omit<ParticipantsTable, 'battle_id' | 'forfeited'>;

async function resolveSeats(bots: BotDirectory, input: NewBattle): Promise<SeatRow[]> {
  return Promise.all(
    input.participants.map(async (seat, index): Promise<SeatRow> => {
      const base = {
        seat: index,
        user_id: seat.userId,
        bot_version_id: null,
        bot_id: null,
        version: null,
        builtin: null,
        local: false,
        place: null,
        score: null,
      };
      if (seat.builtin) return { ...base, user_id: null, builtin: seat.builtin, name: seat.builtin };
      if (seat.local) return { ...base, local: true, name: `local agent ${index + 1}` };
      const facts = await bots.version(seat.botVersionId!);
      if (!facts) {
        throw new BattleError(
          'not-found',
          'Bot version not found',
          `There is no bot version ${seat.botVersionId}`,
        );
      }
      // SPEC 5.6: a bot version plays only for its owner, whoever asks — the seat's user is never
      // replaced by the owner (someone else's bot would put its owner in a battle they never agreed to).
      if (facts.ownerId !== seat.userId) {
        throw new BattleError(
          'forbidden',
          'Not your bot',
          `participant ${index + 1}: bot version ${seat.botVersionId} does not belong to that participant; ` +
            "a battle uses its players' own bots or built-in ones",
        );
      }
      if (facts.status !== 'valid') {
        throw new BattleError(
          'invalid',
          'Bot version cannot play',
          `Bot version ${seat.botVersionId} did not pass validation`,
        );
      }
      // SPEC 3.2: practice is always open; ranked play needs an activated first version or a passed gate.
      if (input.ranked && !facts.rankedEligible) {
        throw new BattleError(
          'not-eligible',
          'Bot version may not play ranked battles',
          `Bot version ${seat.botVersionId} has not been activated as its bot's first version or passed the regression gate`,
        );
      }
      return {
        ...base,
        user_id: seat.userId,
        bot_version_id: facts.botVersionId,
        bot_id: facts.botId,
        version: facts.version,
        name: `${facts.botName} v${facts.version}`,
      };
    }),
  );
}

function guard<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof BattleRequestError) throw new BattleError('invalid', 'Invalid battle', err.message);
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}
