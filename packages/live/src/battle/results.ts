import type { BattleResults } from '@garrison/game';

/** Standings with the seats that forfeited moved to the last places (in their former order). */
export function withForfeitsLast(results: BattleResults, forfeited: readonly number[]): BattleResults {
  if (forfeited.length === 0) return results;
  const gone = new Set(forfeited);
  const places = [
    ...results.places.filter((p) => !gone.has(p.index)),
    ...results.places.filter((p) => gone.has(p.index)),
  ].map((p, k) => ({ ...p, place: k + 1 }));
  return { ...results, places };
}
