import type { Bus, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import type { PlayerRow } from './players.js';

/** The rating.changed v1 payload (contracts/events/ratings/rating.changed.v1.json). */
export interface RatingChanged {
  userId: string;
  rating: number;
  rd: number;
  volatility: number;
  conservative: number;
  points: number;
  battles: number;
  reason: 'battle' | 'tournament' | 'points-expired';
  battleId?: string;
  tournamentId?: string;
  seq: number;
  changedAt: string;
}

type Cause =
  | { reason: 'battle'; battleId: string }
  | { reason: 'tournament'; tournamentId: string }
  | {
      reason: 'points-expired';
    };

/** Publishes the player's whole current rating through the outbox, in the change's transaction. */
export async function publishRatingChanged(
  tx: Transaction<Database>,
  bus: Bus,
  row: PlayerRow,
  cause: Cause,
): Promise<void> {
  const data: RatingChanged = {
    userId: row.user_id,
    rating: row.rating,
    rd: row.rd,
    volatility: row.volatility,
    conservative: row.conservative,
    points: row.points,
    battles: row.battles,
    ...cause,
    seq: Number(row.seq),
    changedAt: row.updated_at.toISOString(),
  };
  await bus.publish(tx, { type: 'rating.changed', version: 1, data });
}
