import type { Obstacle } from '@garrison/bot-api';
import type { Terrain } from '../module.js';

/** Distance² from (x, y) to the nearest point of the rectangle (0 inside it). */
function distanceSq(o: Obstacle, x: number, y: number): number {
  const dx = x < o.x ? o.x - x : x > o.x + o.width ? x - o.x - o.width : 0;
  const dy = y < o.y ? o.y - y : y > o.y + o.height ? y - o.y - o.height : 0;
  return dx * dx + dy * dy;
}

/**
 * Where the segment (x0, y0)→(x1, y1) enters the rectangle, as a fraction in [0, 1] (0 when it
 * starts inside), or −1 when it misses it (slab method; touching an edge counts as a hit).
 */
export function segmentRectEntry(o: Obstacle, x0: number, y0: number, x1: number, y1: number): number {
  let lo = 0;
  let hi = 1;
  const axes: Array<[number, number, number, number]> = [
    [x0, x1 - x0, o.x, o.x + o.width],
    [y0, y1 - y0, o.y, o.y + o.height],
  ];
  for (const [p, d, min, max] of axes) {
    if (d === 0) {
      if (p < min || p > max) return -1;
      continue;
    }
    let a = (min - p) / d;
    let b = (max - p) / d;
    if (a > b) [a, b] = [b, a];
    if (a > lo) lo = a;
    if (b < hi) hi = b;
    if (lo > hi) return -1;
  }
  return lo;
}

/** Solid axis-aligned rectangles. */
export class ObstacleTerrain implements Terrain {
  private readonly obstacles: readonly Obstacle[];

  constructor(obstacles: readonly Obstacle[]) {
    this.obstacles = obstacles;
  }

  blocksTank(x: number, y: number, r: number): boolean {
    return this.obstacles.some((o) => distanceSq(o, x, y) < r * r);
  }

  bulletStop(x0: number, y0: number, x1: number, y1: number): number {
    let first = -1;
    for (const o of this.obstacles) {
      const u = segmentRectEntry(o, x0, y0, x1, y1);
      if (u >= 0 && (first < 0 || u < first)) first = u;
    }
    return first;
  }

  blocksSight(x0: number, y0: number, x1: number, y1: number): boolean {
    return this.obstacles.some((o) => segmentRectEntry(o, x0, y0, x1, y1) >= 0);
  }
}
