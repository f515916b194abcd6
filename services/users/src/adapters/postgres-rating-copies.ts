import type { Kysely, Transaction } from 'kysely';
import type { RatingCopies } from '../app/ports.js';
import { isUserId } from '../domain/ids.js';
import type { RatingCopy } from '../domain/rating-copy.js';
import type { UsersDatabase } from './database.js';

/** What users reads of rating.changed v1 (contracts/events/ratings/rating.changed.v1.json). */
export interface RatingChangedFacts {
  userId: string;
  rating: number;
  rd: number;
  conservative: number;
  points: number;
  battles: number;
  seq: number;
  changedAt: string;
}

/**
 * Keeps the newest copy: a row is written only when its `seq` is higher than the stored one, so a
 * redelivered or overtaken (older) rating.changed never rolls a profile back.
 */
export async function applyRatingChanged(
  tx: Transaction<UsersDatabase>,
  facts: RatingChangedFacts,
): Promise<void> {
  const row = {
    user_id: facts.userId,
    skill: facts.rating,
    rd: facts.rd,
    conservative: facts.conservative,
    points: facts.points,
    battles: facts.battles,
    seq: String(facts.seq),
    changed_at: new Date(facts.changedAt),
  };
  await tx
    .insertInto('rating_copies')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ ...row, user_id: undefined })
        .where('rating_copies.seq', '<', row.seq),
    )
    .execute();
}

export class PostgresRatingCopies implements RatingCopies {
  constructor(private readonly db: Kysely<UsersDatabase>) {}

  async ofUser(userId: string): Promise<RatingCopy | undefined> {
    if (!isUserId(userId)) return undefined;
    const row = await this.db
      .selectFrom('rating_copies')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return (
      row && {
        skill: row.skill,
        rd: row.rd,
        conservative: row.conservative,
        points: row.points,
        battles: row.battles,
        changedAt: row.changed_at,
      }
    );
  }
}
