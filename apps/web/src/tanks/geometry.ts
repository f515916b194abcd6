// World ↔ screen for the arena canvas. The engine's world has its origin bottom-left, y growing north
// and angles counter-clockwise in degrees; a canvas has y growing down and clockwise radians.

export interface ArenaSize {
  width: number;
  height: number;
}

/** How the arena sits in a canvas: uniform scale, letterboxed and centred. */
export interface View {
  scale: number;
  offsetX: number;
  offsetY: number;
  arena: ArenaSize;
}

/** The largest uniform scale that shows the whole arena (plus `margin` screen pixels) in the canvas. */
export function fitArena(arena: ArenaSize, canvasWidth: number, canvasHeight: number, margin = 0): View {
  const scale = Math.max(
    0,
    Math.min((canvasWidth - 2 * margin) / arena.width, (canvasHeight - 2 * margin) / arena.height),
  );
  return {
    scale,
    offsetX: (canvasWidth - arena.width * scale) / 2,
    offsetY: (canvasHeight - arena.height * scale) / 2,
    arena,
  };
}

/**
 * Where a tank's label (centred on `x`, its text `halfWidth` wide each side, bottom at `bottom`, `height`
 * tall) is drawn so that it stays whole on a canvas `canvasWidth` wide: moved in from the side walls and
 * down from the top. A label wider than the canvas starts at its left edge.
 */
export function clampLabel(
  x: number,
  bottom: number,
  halfWidth: number,
  height: number,
  canvasWidth: number,
): { x: number; bottom: number } {
  const cx =
    halfWidth * 2 >= canvasWidth ? halfWidth : Math.min(Math.max(x, halfWidth), canvasWidth - halfWidth);
  return { x: cx, bottom: Math.max(bottom, height) };
}

export function toScreen(view: View, x: number, y: number): [number, number] {
  return [view.offsetX + x * view.scale, view.offsetY + (view.arena.height - y) * view.scale];
}

/** A world angle (degrees, counter-clockwise from east) as a canvas rotation (radians, clockwise). */
export function canvasAngle(degrees: number): number {
  return (-degrees * Math.PI) / 180;
}

export function normDeg(degrees: number): number {
  const d = degrees % 360;
  return d < 0 ? d + 360 : d;
}

/** The signed turn from `from` to `to`, the short way round: (−180, 180]. */
export function signedDelta(from: number, to: number): number {
  const d = normDeg(to - from);
  return d > 180 ? d - 360 : d;
}

export function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** Interpolates an angle the short way round (359° → 1° passes through 0°, not 180°). */
export function lerpAngle(from: number, to: number, t: number): number {
  return normDeg(from + signedDelta(from, to) * t);
}

/**
 * The sector a radar swept turning from `from` to `to` (the short way, as the engine turns at most
 * 45° + 30° + 24° per tick), widened to at least ± `minHalf` degrees around its middle.
 * Returned as a counter-clockwise sweep: `start` + `span` degrees.
 */
export function sweptSector(from: number, to: number, minHalf: number): { start: number; span: number } {
  const delta = signedDelta(from, to);
  let start = delta >= 0 ? from : to;
  let span = Math.abs(delta);
  if (span < 2 * minHalf) {
    const middle = start + span / 2;
    start = middle - minHalf;
    span = 2 * minHalf;
  }
  return { start: normDeg(start), span };
}

/** The point at `distance` along `degrees` from (x, y), in world coordinates. */
export function along(x: number, y: number, degrees: number, distance: number): [number, number] {
  const r = (degrees * Math.PI) / 180;
  return [x + Math.cos(r) * distance, y + Math.sin(r) * distance];
}

export function clampToArena(arena: ArenaSize, x: number, y: number): [number, number] {
  return [Math.min(arena.width, Math.max(0, x)), Math.min(arena.height, Math.max(0, y))];
}
