import { describe, expect, it } from 'vitest';
import {
  along,
  canvasAngle,
  clampLabel,
  fitArena,
  lerpAngle,
  signedDelta,
  sweptSector,
  toScreen,
} from '../src/tanks/geometry';

describe('arena geometry', () => {
  it('when a 800×600 arena is fitted into a wide canvas, then it is centred and keeps its aspect', () => {
    const view = fitArena({ width: 800, height: 600 }, 1000, 600);
    expect(view.scale).toBe(1);
    expect(view.offsetX).toBe(100);
    expect(view.offsetY).toBe(0);
  });

  it('when mapping to the screen, then the origin is bottom-left and y is flipped', () => {
    const view = fitArena({ width: 1200, height: 900 }, 600, 450);
    expect(toScreen(view, 0, 0)).toEqual([0, 450]);
    expect(toScreen(view, 1200, 900)).toEqual([600, 0]);
    expect(toScreen(view, 600, 450)).toEqual([300, 225]);
  });

  it('when turning world angles into canvas rotations, then counter-clockwise becomes negative radians', () => {
    expect(canvasAngle(90)).toBeCloseTo(-Math.PI / 2);
    const view = fitArena({ width: 800, height: 600 }, 800, 600);
    // 90° points north: up the screen.
    const [x, y] = along(400, 300, 90, 100);
    const [sx, sy] = toScreen(view, x, y);
    expect(sx).toBeCloseTo(400);
    expect(sy).toBeCloseTo(200);
  });

  it('when interpolating angles, then they go the short way round through 0°', () => {
    expect(signedDelta(350, 10)).toBe(20);
    expect(signedDelta(10, 350)).toBe(-20);
    expect(lerpAngle(350, 10, 0.5)).toBe(0);
    expect(lerpAngle(10, 350, 0.25)).toBe(5);
  });

  it('when the radar barely turned, then the swept sector is widened to the minimum around its middle', () => {
    expect(sweptSector(10, 55, 1)).toEqual({ start: 10, span: 45 });
    expect(sweptSector(55, 10, 1)).toEqual({ start: 10, span: 45 });
    expect(sweptSector(359.5, 0.5, 1)).toEqual({ start: 359, span: 2 });
    expect(sweptSector(90, 90, 1)).toEqual({ start: 89, span: 2 });
  });

  it('when a tank is by a wall on a 390 px phone canvas, then its label is moved in to stay whole', () => {
    // "Pocket Rocket v1 · 12.5" is ~130 px wide: 67 px each side with the padding.
    expect(clampLabel(10, 100, 67, 14, 358)).toEqual({ x: 67, bottom: 100 });
    expect(clampLabel(350, 100, 67, 14, 358)).toEqual({ x: 291, bottom: 100 });
    expect(clampLabel(180, 100, 67, 14, 358)).toEqual({ x: 180, bottom: 100 });
    // By the north wall the label comes down to stay on the canvas.
    expect(clampLabel(180, -6, 67, 14, 358)).toEqual({ x: 180, bottom: 14 });
    // A label wider than the canvas starts at its left edge rather than off it.
    expect(clampLabel(100, 50, 200, 14, 358)).toEqual({ x: 200, bottom: 50 });
  });
});
