import { randomUUID } from 'node:crypto';
import { sql, withTransaction, type Kysely, type ServiceDefinition } from '@garrison/kit';
import type { TestService } from '@garrison/kit/testing';

/**
 * Stand-ins for producers that do not exist yet (battles, tournaments): a service with only a
 * database, so it owns its event types and publishes them through its own outbox like the real one.
 */
export const publisherOf = (name: string): ServiceDefinition => ({ name, setup: () => ({}) });

export const publish = (from: TestService, type: string, data: unknown) =>
  withTransaction(from.ctx.db, (tx) => from.ctx.bus.publish(tx, { type, version: 1, data }));

/** True once the consumer has handled (committed) the event: its id is in the kit's inbox. */
export async function handled<DB>(db: Kysely<DB>, eventId: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM kit_inbox WHERE event_id = ${eventId}`.execute(db);
  return rows.rows.length > 0;
}

export interface SeatSpec {
  userId: string | null;
  place: number;
}

export function battleFinished(
  seats: SeatSpec[],
  opts: { battleId?: string; ranked?: boolean; kind?: string } = {},
) {
  return {
    battleId: opts.battleId ?? randomUUID(),
    kind: opts.kind ?? 'matchmaking',
    ranked: opts.ranked ?? true,
    contextId: null,
    mode: seats.length === 2 ? 'duel' : 'ffa',
    rulesVersion: 1,
    replayId: randomUUID(),
    finishedAt: new Date().toISOString(),
    participants: seats.map((s, i) => ({
      userId: s.userId,
      botVersionId: s.userId ? randomUUID() : null,
      botId: s.userId ? randomUUID() : null,
      version: s.userId ? 1 : null,
      builtin: s.userId ? null : 'tracker',
      local: false,
      place: s.place,
      score: 100 * (seats.length - s.place) + i,
    })),
  };
}

export function tournamentFinished(
  participants: Array<{ userId: string; place: number; points: number }>,
  opts: { tournamentId?: string; finishedAt?: Date } = {},
) {
  return {
    tournamentId: opts.tournamentId ?? randomUUID(),
    seriesId: null,
    title: 'Test Cup',
    weight: 1,
    rating: 1200,
    finishedAt: (opts.finishedAt ?? new Date()).toISOString(),
    participants,
  };
}
