import type { Standing } from './formats/format.js';

/** Rating points a place is worth before the tournament's weight (SPEC 3.5). */
export function basePoints(place: number): number {
  if (place === 1) return 100;
  if (place === 2) return 60;
  if (place === 3) return 40;
  if (place === 4) return 30;
  if (place <= 8) return 15;
  return 5;
}

/**
 * Points of every final place: round(base × weight), where entrants sharing a place split the bases
 * of the places they span evenly (two sharing 3rd get (40 + 30) / 2 each).
 */
export function ratingPoints(standings: Standing[], weight: number): Map<string, number> {
  const sharing = new Map<number, number>();
  for (const s of standings) sharing.set(s.place, (sharing.get(s.place) ?? 0) + 1);
  const points = new Map<string, number>();
  for (const s of standings) {
    const span = sharing.get(s.place)!;
    let total = 0;
    for (let p = s.place; p < s.place + span; p++) total += basePoints(p);
    points.set(s.userId, Math.round((total / span) * weight));
  }
  return points;
}
