import type { SkillRatings } from '../app/ports.js';

/** Reads the local copy of conservative skill kept from `rating.changed` (see the consumer). */
export const skillRatingsProjection: SkillRatings = {
  async conservativeOf(tx, userIds) {
    if (userIds.length === 0) return new Map();
    const rows = await tx
      .selectFrom('skill_ratings')
      .select(['user_id', 'conservative'])
      .where('user_id', 'in', userIds)
      .execute();
    return new Map(rows.map((r) => [r.user_id, r.conservative]));
  },
};
