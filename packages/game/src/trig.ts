/**
 * Deterministic trigonometry in degrees. JavaScript's Math.sin/cos/atan2 are
 * implementation-approximated and differ between engines, so the engine uses these polynomials
 * built only from + − × ÷, Math.floor/round and Math.sqrt — all exactly specified by IEEE 754,
 * hence bit-identical in every engine (see docs/adr/010-engine-determinism.md).
 */

const DEG_TO_RAD = Math.PI / 180;
const RAD_TO_DEG = 180 / Math.PI;

/** Normalises an angle to [0, 360); never returns −0. */
export function normDeg(a: number): number {
  let r = a - 360 * Math.floor(a / 360);
  if (r < 0) r += 360; // a/360 can underflow to −0 for tiny negative a
  if (r >= 360) r -= 360;
  return r + 0;
}

/** Normalises an angle to (−180, 180]. */
export function signedDeg(a: number): number {
  const r = normDeg(a);
  return r > 180 ? r - 360 : r;
}

// Taylor series, accurate to ~1e-16 on |x| ≤ π/4.
function sinPoly(x: number): number {
  const x2 = x * x;
  return (
    x *
    (1 +
      x2 *
        (-1 / 6 +
          x2 *
            (1 / 120 +
              x2 *
                (-1 / 5040 +
                  x2 *
                    (1 / 362880 +
                      x2 * (-1 / 39916800 + x2 * (1 / 6227020800 + x2 * (-1 / 1307674368000))))))))
  );
}

function cosPoly(x: number): number {
  const x2 = x * x;
  return (
    1 +
    x2 *
      (-1 / 2 +
        x2 *
          (1 / 24 +
            x2 *
              (-1 / 720 +
                x2 * (1 / 40320 + x2 * (-1 / 3628800 + x2 * (1 / 479001600 + x2 * (-1 / 87178291200)))))))
  );
}

/** sin and cos of an angle in degrees, in one call. Exact at multiples of 90°. */
export function sinCosDeg(deg: number): [number, number] {
  const d = normDeg(deg);
  const q = Math.round(d / 90);
  const x = (d - 90 * q) * DEG_TO_RAD;
  const s = sinPoly(x);
  const c = cosPoly(x);
  switch (q & 3) {
    case 0:
      return [s + 0, c + 0];
    case 1:
      return [c + 0, -s + 0];
    case 2:
      return [-s + 0, -c + 0];
    default:
      return [-c + 0, s + 0];
  }
}

export function sinDeg(deg: number): number {
  return sinCosDeg(deg)[0];
}

export function cosDeg(deg: number): number {
  return sinCosDeg(deg)[1];
}

// atan on [0, 1] in radians: two half-angle reductions bring t below tan(11.25°) ≈ 0.199,
// where the alternating series converges to ~1e-16 within ten terms.
function atanUnit(t: number): number {
  const t1 = t / (1 + Math.sqrt(1 + t * t));
  const u = t1 / (1 + Math.sqrt(1 + t1 * t1));
  const u2 = u * u;
  let sum = 0;
  for (let k = 19; k >= 1; k -= 2) {
    sum = 1 / k - u2 * sum;
  }
  return 4 * u * sum;
}

/** Direction of the vector (x, y) in degrees [0, 360); 0 for the zero vector. */
export function atan2Deg(y: number, x: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax === 0 && ay === 0) return 0;
  let a = ay > ax ? 90 - atanUnit(ax / ay) * RAD_TO_DEG : atanUnit(ay / ax) * RAD_TO_DEG;
  if (x < 0) a = 180 - a;
  if (y < 0) a = 360 - a;
  return normDeg(a);
}

/** asin for z ∈ [0, 1], in degrees. */
export function asinDeg(z: number): number {
  if (z >= 1) return 90;
  return atan2Deg(z, Math.sqrt(1 - z * z));
}
