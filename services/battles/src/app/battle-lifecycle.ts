// The status moves of a battle, each a conditional UPDATE committed with its event (outbox), so a
// move happens — and is announced — at most once however many workers try it.
import { gzipSync } from 'node:zlib';
import { sql, withTransaction, type Bus, type Kysely, type Transaction } from '@garrison/kit';
import type { BattleResults } from '@garrison/game';
import { loadBattle, type BattleRecord } from '../adapters/battle-repository.js';
import type { Database } from '../database.js';
import { eventHead, eventParticipant } from '../domain/battle-view.js';

/**
 * scheduled → running (publishing battle.started once); a battle already running (its worker
 * crashed and the command came back) is taken over as it is. undefined when there is nothing to play.
 */
export async function beginBattle(
  db: Kysely<Database>,
  bus: Bus,
  id: string,
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
): Promise<boolean> {
  const finished = await tx
    .updateTable('battles')
    .set({ status: 'finished', finished_at: sql<Date>`clock_timestamp()` })
    .where('id', '=', id)
    .where('status', 'not in', ['finished', 'cancelled'])
    .returning('id')
    .executeTakeFirst();
  if (!finished) return false;
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
  return true;
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
