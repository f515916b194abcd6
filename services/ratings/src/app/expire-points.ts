import { withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { changePlayer, lockPlayers, pointsSince } from '../adapters/players.js';
import { publishRatingChanged } from '../adapters/rating-changed.js';
import { pointsWindowStart } from '../domain/rating-points.js';

/**
 * Points leave the 12-month window with time, not with an event: a daily job recomputes every
 * player holding points and publishes rating.changed where the sum dropped. One transaction per
 * player keeps locks short; a crash midway is finished by the next run.
 */
export async function expirePoints(
  db: Kysely<Database>,
  bus: Bus,
  windowMonths: number,
  now = new Date(),
): Promise<number> {
  const windowStart = pointsWindowStart(now, windowMonths);
  const holders = await db.selectFrom('players').select('user_id').where('points', '>', 0).execute();
  let changed = 0;
  for (const { user_id: userId } of holders) {
    changed += await withTransaction(db, async (tx) => {
      const before = (await lockPlayers(tx, [userId])).get(userId)!;
      const points = await pointsSince(tx, userId, windowStart);
      if (points === before.points) return 0;
      const row = await changePlayer(tx, userId, { points }, now);
      await publishRatingChanged(tx, bus, row, { reason: 'points-expired' });
      return 1;
    });
  }
  return changed;
}
