import { randomUUID } from 'node:crypto';
import { RULES_VERSION } from '@garrison/game';
import { withTransaction, type Bus, type Kysely, type Scheduler } from '@garrison/kit';
import { findByRequestId, loadBattle, type BattleRecord } from '../adapters/battle-repository.js';
import type { Database, ParticipantsTable } from '../database.js';
import {
  BattleRequestError,
  checkKind,
  checkSeat,
  resolveBattleRules,
  resolveSeed,
  type SeatRequest,
} from '../domain/battle-rules.js';
import { eventHead, eventParticipant } from '../domain/battle-view.js';
import { BattleError } from '../domain/errors.js';
import type { BotDirectory } from './ports.js';

export interface NewBattle {
  kind: string;
  participants: SeatRequest[];
  mode?: string | undefined;
  rounds?: number | undefined;
  seed?: number | undefined;
  startsAt?: Date | undefined;
  ranked?: boolean | undefined;
  contextId?: string | undefined;
  /** Idempotency key: the same key returns the battle made the first time. */
  requestId?: string | undefined;
  createdBy?: string | undefined;
  /** Practice through REST: every hosted version must belong to this user. */
  ownerMustBe?: string | undefined;
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
    (seat) => seat.local && input.ownerMustBe && !deps.isOnline(seat.userId!),
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
      await tx
        .insertInto('battles')
        .values({
          id,
          kind,
          status: 'scheduled',
          rules_version: RULES_VERSION,
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
      if (!live && startsNow) {
        await deps.bus.send(tx, 'battles.run', { type: 'battle.run', data: { battleId: id } });
      }
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
      if (input.ownerMustBe && facts.ownerId !== input.ownerMustBe) {
        throw new BattleError(
          'forbidden',
          'Not your bot',
          'Practice battles use your own bots or built-in ones',
        );
      }
      return {
        ...base,
        user_id: facts.ownerId,
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
