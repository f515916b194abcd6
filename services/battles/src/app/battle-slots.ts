/**
 * The battles this instance plays at once, shared by two lanes (ADR 142): the `ranked` lane
 * (tournament and ranked battles) may use every slot; the `open` lane (practice, gate duels,
 * unranked rooms and challenges) at most `size - reserved`, so a flood of practice can never take
 * the slots ranked battles need. A ranked battle waiting for a slot goes before any open one.
 * Pure in-process bookkeeping: the queues feeding each lane bound how many wait here.
 */
export type Lane = 'ranked' | 'open';

export class BattleSlots {
  private readonly running: Record<Lane, number> = { ranked: 0, open: 0 };
  private readonly waiting: Record<Lane, Array<() => void>> = { ranked: [], open: [] };

  constructor(
    readonly size: number,
    readonly reserved: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`slots must be ≥ 1, got ${size}`);
    if (!Number.isInteger(reserved) || reserved < 0 || reserved >= size)
      throw new RangeError(`reserved slots must be 0 to ${size - 1}, got ${reserved}`);
  }

  /** At most this many open-lane battles at once. */
  get openLimit(): number {
    return this.size - this.reserved;
  }

  stats(): { running: Record<Lane, number>; waiting: Record<Lane, number> } {
    return {
      running: { ...this.running },
      waiting: { ranked: this.waiting.ranked.length, open: this.waiting.open.length },
    };
  }

  /** Plays `work` in a slot of `lane`, waiting for one if need be. */
  async run<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
    if (!this.mayStart(lane)) await new Promise<void>((resolve) => this.waiting[lane].push(resolve));
    else this.running[lane]++;
    try {
      return await work();
    } finally {
      this.running[lane]--;
      this.dispatch();
    }
  }

  private mayStart(lane: Lane): boolean {
    const total = this.running.ranked + this.running.open;
    if (total >= this.size) return false;
    return lane === 'ranked' || this.running.open < this.openLimit;
  }

  private dispatch(): void {
    for (const lane of ['ranked', 'open'] as const) {
      while (this.waiting[lane].length > 0 && this.mayStart(lane)) {
        this.running[lane]++;
        this.waiting[lane].shift()!();
      }
    }
  }
}

/** Tournament and ranked battles take the reserved lane; everything else the open one. */
export function laneOf(battle: { kind: string; ranked: boolean }): Lane {
  return battle.ranked || battle.kind === 'tournament' ? 'ranked' : 'open';
}

/** The work queue of each lane; both carry the same `battle.run` command. */
export const RUN_QUEUE: Record<Lane, string> = { ranked: 'battles.run', open: 'battles.run-open' };
