import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asinDeg, atan2Deg, cosDeg, normDeg, sinCosDeg, sinDeg } from '../src/index.js';

const rad = (d: number) => (d * Math.PI) / 180;

describe('deterministic trigonometry', () => {
  it('when compared with Math over many angles, then sin and cos agree within 1e-14', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e5, max: 1e5, noNaN: true }), (d) => {
        const [s, c] = sinCosDeg(d);
        expect(Math.abs(s - Math.sin(rad(normDeg(d))))).toBeLessThan(1e-13);
        expect(Math.abs(c - Math.cos(rad(normDeg(d))))).toBeLessThan(1e-13);
      }),
    );
  });

  it('when the angle is a multiple of 90°, then sin and cos are exact', () => {
    expect([0, 90, 180, 270, 360, -90].map((d) => [sinDeg(d), cosDeg(d)])).toEqual([
      [0, 1],
      [1, 0],
      [0, -1],
      [-1, 0],
      [0, 1],
      [-1, 0],
    ]);
  });

  it('when compared with Math.atan2, then atan2Deg agrees within 1e-12 degrees in every quadrant', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (y, x) => {
          if (x === 0 && y === 0) return;
          const want = normDeg((Math.atan2(y, x) * 180) / Math.PI);
          const got = atan2Deg(y, x);
          const diff = Math.abs(got - want);
          expect(Math.min(diff, 360 - diff)).toBeLessThan(1e-11);
        },
      ),
    );
    expect([atan2Deg(0, 1), atan2Deg(1, 0), atan2Deg(0, -1), atan2Deg(-1, 0), atan2Deg(0, 0)]).toEqual([
      0, 90, 180, 270, 0,
    ]);
  });

  it('when asking asin, then it matches Math.asin', () => {
    for (const z of [0, 0.1, 0.5, 0.9, 1]) expect(asinDeg(z)).toBeCloseTo((Math.asin(z) * 180) / Math.PI, 11);
  });

  it('when normalising, then results lie in [0, 360) and are never −0', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (d) => {
        const n = normDeg(d);
        expect(n >= 0 && n < 360).toBe(true);
        expect(Object.is(n, -0)).toBe(false);
      }),
    );
  });
});
