/**
 * sfc32, a small fast PRNG with a 128-bit state that is easy to snapshot. Only 32-bit integer
 * operations, so it is identical in every JavaScript engine.
 */
export type RngState = [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: RngState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** Seeds from any finite number: the low and high 32 bits of its integer part both count. */
  static fromSeed(seed: number): Rng {
    const whole = Math.trunc(seed);
    const lo = whole >>> 0;
    const hi = Math.floor(Math.abs(whole) / 4294967296) >>> 0;
    let s = (lo ^ Math.imul(hi, 0x9e3779b9) ^ (whole < 0 ? 0x5bd1e995 : 0)) >>> 0;
    const next = (): number => {
      // splitmix32 spreads one seed word over the four state words.
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    const rng = new Rng([next(), next(), next(), next()]);
    for (let i = 0; i < 12; i++) rng.nextUint32();
    return rng;
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1), an exact multiple of 2^-32. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }
}
