// The status moves of a battle, each a conditional UPDATE committed with its event (outbox), so a
// move happens — and is announced — at most once however many workers try it.
import { gzipSync } from 'node:zlib';
import { sql, withTransaction, type Bus, type Kysely, type Transaction } from '@garrison/kit';
import type { BattleResults } from '@garrison/game';
import { loadBattle, type BattleRecord } from '../adapters/battle-repository.js';
import type { Database } from '../database.js';
import { eventHead, eventParticipant } from '../domain/battle-view.js';

/**
 * scheduled → running (publishing battle.started once); a hosted battle already running (its worker
 * crashed and the command came back) is taken over as it is. A live battle is never taken over
 * (`takeOver: false`): its Agents are connected to the process playing it, so only the one starter
 * that moved it out of scheduled may play it. undefined when there is nothing to play.
 */
export async function beginBattle(
  db: Kysely<Database>,
  bus: Bus,
  id: string,
  { takeOver = true }: { takeOver?: boolean } = {},
): Promise<BattleRecord | undefined> {
  return withTransaction(db, async (tx) => {
    const moved = await tx
      .updateTable('battles')
      .set({
        status: 'running',
        started_at: sql<Date>`clock_timestamp()`,
        attempts: sql<number>`attempts + 1`,
      })
      .where('id', '=', id)
      .where('status', '=', 'scheduled')
      .returning('id')
      .executeTakeFirst();
    if (!moved) {
      if (!takeOver) return undefined;
      const rerun = await tx
        .updateTable('battles')
        .set({ attempts: sql<number>`attempts + 1` })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .returning('id')
        .executeTakeFirst();
      return rerun ? loadBattle(tx, id) : undefined;
    }
    const record = (await loadBattle(tx, id))!;
    await bus.publish(tx, {
      type: 'battle.started',
      version: 1,
      data: {
        ...eventHead(record),
        startedAt: record.battle.started_at!.toISOString(),
        participants: record.participants.map(eventParticipant),
      },
    });
    return record;
  });
}

export interface BattleOutcome {
  results: BattleResults;
  /** The engine's JSON lines replay. */
  replay: string;
  /** Debug log entries per seat. */
  debugLogs: unknown[][];
  /** Seats that forfeited (live battles). */
  forfeited?: number[];
}

/**
 * Records the result exactly once: the status flips to finished only if it was not already
 * finished or cancelled, and the places, the replay and battle.finished commit with that flip.
 * Returns false (changing nothing) when another worker recorded it first.
 */
export async function recordResult(
  tx: Transaction<Database>,
  bus: Bus,
  id: string,
  outcome: BattleOutcome,
  { liveEpoch }: { liveEpoch?: number } = {},
): Promise<boolean> {
  const finished = await tx
    .updateTable('battles')
    .set({ status: 'finished', finished_at: sql<Date>`clock_timestamp()` })
    .where('id', '=', id)
    .where('status', 'not in', ['finished', 'cancelled'])
    // A live battle is finished only by the process holding its current epoch (ADR 280).
    .$if(liveEpoch !== undefined, (q) => q.where('live_epoch', '=', liveEpoch!))
    .returning('id')
    .executeTakeFirst();
  if (!finished) return false;
  await storeOutcome(tx, id, outcome);
  await publishFinished(tx, bus, id);
  return true;
}

/** How a broadcast is paced: one tick every `tickMs`, the first shown `delayMs` after the result is in. */
export interface BroadcastPace {
  tickMs: number;
  delayMs: number;
}

/**
 * A broadcast battle's result (ADR 240): stored with its replay, but the battle stays running and
 * battle.finished waits for revealBroadcast at the returned time, when spectators have seen its last
 * tick. undefined (changing nothing) when another worker held it first or it is over.
 */
export async function holdForBroadcast(
  tx: Transaction<Database>,
  id: string,
  outcome: BattleOutcome,
  pace: BroadcastPace,
): Promise<Date | undefined> {
  const ticks = Math.max(outcome.results.ticks, 0);
  const held = await tx
    .updateTable('battles')
    .set({
      broadcast_tick_ms: pace.tickMs,
      broadcast_starts_at: sql<Date>`clock_timestamp() + make_interval(secs => ${pace.delayMs / 1000})`,
      broadcast_ends_at: sql<Date>`clock_timestamp() + make_interval(secs => ${(pace.delayMs + ticks * pace.tickMs) / 1000})`,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('broadcast_starts_at', 'is', null)
    .returning('broadcast_ends_at')
    .executeTakeFirst();
  if (!held) return undefined;
  await storeOutcome(tx, id, outcome);
  return held.broadcast_ends_at!;
}

/**
 * Ends a broadcast whose time has come: running → finished and battle.finished, once. False when it
 * is not due yet, was revealed already, or is no broadcast.
 */
export async function revealBroadcast(db: Kysely<Database>, bus: Bus, id: string): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const revealed = await tx
      .updateTable('battles')
      .set({ status: 'finished', finished_at: sql<Date>`clock_timestamp()` })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('broadcast_ends_at', '<=', sql<Date>`clock_timestamp()`)
      .returning('id')
      .executeTakeFirst();
    if (!revealed) return false;
    await publishFinished(tx, bus, id);
    return true;
  });
}

/** Broadcasts whose end has passed but are still running (a reveal job lost): revealed now. */
export async function revealDueBroadcasts(db: Kysely<Database>, bus: Bus): Promise<string[]> {
  const due = await db
    .selectFrom('battles')
    .select('id')
    .where('status', '=', 'running')
    .where('broadcast_ends_at', '<=', new Date())
    .execute();
  const revealed: string[] = [];
  for (const { id } of due) if (await revealBroadcast(db, bus, id)) revealed.push(id);
  return revealed;
}

async function storeOutcome(tx: Transaction<Database>, id: string, outcome: BattleOutcome): Promise<void> {
  const forfeited = new Set(outcome.forfeited ?? []);
  for (const place of outcome.results.places) {
    await tx
      .updateTable('participants')
      .set({ place: place.place, score: place.score, forfeited: forfeited.has(place.index) })
      .where('battle_id', '=', id)
      .where('seat', '=', place.index)
      .execute();
  }
  await tx
    .insertInto('replays')
    .values({
      battle_id: id,
      replay_gz: gzipSync(Buffer.from(outcome.replay, 'utf8')),
      debug_logs: JSON.stringify(outcome.debugLogs),
    })
    .execute();
}

async function publishFinished(tx: Transaction<Database>, bus: Bus, id: string): Promise<void> {
  const record = (await loadBattle(tx, id))!;
  await bus.publish(tx, {
    type: 'battle.finished',
    version: 1,
    data: {
      ...eventHead(record),
      mode: record.battle.mode,
      rulesVersion: record.battle.rules_version,
      replayId: id,
      finishedAt: record.battle.finished_at!.toISOString(),
      participants: record.participants.map((p) => ({
        ...eventParticipant(p),
        place: p.place!,
        score: p.score!,
        forfeited: p.forfeited,
      })),
    },
  });
}

/** Cancels a battle that has not finished; false when it already had finished or been cancelled. */
export async function cancelBattle(
  db: Kysely<Database> | Transaction<Database>,
  bus: Bus,
  id: string,
  reason: string,
): Promise<boolean> {
  const work = async (tx: Transaction<Database>) => {
    const cancelled = await tx
      .updateTable('battles')
      .set({ status: 'cancelled', cancel_reason: reason, finished_at: sql<Date>`clock_timestamp()` })
      .where('id', '=', id)
      .where('status', 'in', ['scheduled', 'running'])
      .returning('id')
      .executeTakeFirst();
    if (!cancelled) return false;
    const record = (await loadBattle(tx, id))!;
    await bus.publish(tx, {
      type: 'battle.cancelled',
      version: 1,
      data: {
        ...eventHead(record),
        reason,
        cancelledAt: record.battle.finished_at!.toISOString(),
        participants: record.participants.map(eventParticipant),
      },
    });
    return true;
  };
  return db.isTransaction ? work(db as Transaction<Database>) : withTransaction(db as Kysely<Database>, work);
}
