import type { SkillRatings } from '../app/ports.js';

/**
 * Reads the local copy of conservative skill kept from `rating.changed`; a player ratings never
 * mentioned (no ranked battle yet) gets `fallback` (1500 − 2·350 by default).
 */
export function skillRatingsProjection(fallback: number): SkillRatings {
  return {
    async conservativeOf(db, userIds) {
      const known =
        userIds.length === 0
          ? []
          : await db
              .selectFrom('skill_ratings')
              .select(['user_id', 'conservative'])
              .where('user_id', 'in', [...userIds])
              .execute();
      const map = new Map(known.map((r) => [r.user_id, r.conservative]));
      for (const id of userIds) if (!map.has(id)) map.set(id, fallback);
      return map;
    },
  };
}
