import { normDeg } from './trig.js';

/**
 * Speed after one tick towards `target`: +acc per tick when speeding up, −dec when slowing down.
 * Braking stops at 0 for the tick in which it would change direction.
 */
export function nextSpeed(v: number, target: number, acc: number, dec: number): number {
  if (v === target) return v;
  if (v === 0) return target > 0 ? Math.min(target, acc) : Math.max(target, -acc);
  if (v > 0) return target > v ? Math.min(target, v + acc) : Math.max(target, v - dec, 0);
  return target < v ? Math.max(target, v - acc) : Math.min(target, v + dec, 0) + 0;
}

/**
 * First point of the segment s→e (as a fraction in [0, 1]) inside the circle of radius r at the
 * origin, or −1 when the segment misses it. Bullets use it with positions relative to the
 * target, so a fast bullet can never step over a tank.
 */
export function segmentCircleEntry(sx: number, sy: number, ex: number, ey: number, r: number): number {
  const c = sx * sx + sy * sy - r * r;
  if (c <= 0) return 0;
  const dx = ex - sx;
  const dy = ey - sy;
  const a = dx * dx + dy * dy;
  if (a === 0) return -1;
  const b = 2 * (sx * dx + sy * dy);
  const disc = b * b - 4 * a * c;
  if (disc < 0) return -1;
  const u = (-b - Math.sqrt(disc)) / (2 * a);
  return u >= 0 && u <= 1 ? u : -1;
}

/**
 * Whether direction `bearing` lies within `halfWidth` degrees of the arc that starts at `start`
 * and spans `sweep` degrees (negative = clockwise).
 */
export function inArc(bearing: number, start: number, sweep: number, halfWidth: number): boolean {
  const lo = (sweep < 0 ? start + sweep : start) - halfWidth;
  const width = Math.abs(sweep) + 2 * halfWidth;
  if (width >= 360) return true;
  return normDeg(bearing - lo) <= width;
}
