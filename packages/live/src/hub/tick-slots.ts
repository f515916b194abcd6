/**
 * Spreads the ticks of concurrent battles over the tick period. Battles started together (a
 * tournament round) would otherwise all tick at the same instant, and the last of the burst would
 * start late by the time the others took. Each battle's first tick is put in the least-used of
 * `slots` phases; later ticks keep that phase. Delaying a start by < 1 period is invisible.
 */
export class TickSlots {
  private readonly load: number[];
  private readonly epoch = performance.now();

  constructor(private readonly slots = 10) {
    this.load = new Array<number>(slots).fill(0);
  }

  /** The time of a new battle's first tick, and a release to call when the battle ends. */
  take(periodMs: number): { at: number; release: () => void } {
    let best = 0;
    for (let i = 1; i < this.slots; i++) if (this.load[i]! < this.load[best]!) best = i;
    this.load[best]! += 1;
    const offset = (best * periodMs) / this.slots;
    const periods = Math.ceil((performance.now() - this.epoch - offset) / periodMs);
    let released = false;
    return {
      at: this.epoch + offset + periods * periodMs,
      release: () => {
        if (!released) this.load[best]! -= 1;
        released = true;
      },
    };
  }
}
