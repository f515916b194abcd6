import { onEvent, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';

interface RatingChanged {
  userId: string;
  conservative: number;
  seq: number;
  changedAt: string;
}

/**
 * The local copy of every player's conservative skill, read when the queue is paired. The highest
 * `seq` wins, so out-of-order delivery cannot roll a rating back.
 */
export const skillRatingsConsumer = onEvent<RatingChanged, Transaction<Database>>({
  producer: 'ratings',
  type: 'rating.changed',
  versions: [1],
  async handle(e, tx) {
    const { userId, conservative, seq, changedAt } = e.data;
    await tx
      .insertInto('skill_ratings')
      .values({ user_id: userId, conservative, seq: String(seq), updated_at: new Date(changedAt) })
      .onConflict((oc) =>
        oc
          .column('user_id')
          .doUpdateSet({ conservative, seq: String(seq), updated_at: new Date(changedAt) })
          .where('skill_ratings.seq', '<', String(seq)),
      )
      .execute();
  },
});
