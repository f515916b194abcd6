import type { Deps } from '../deps.js';
import { createMatchBattles, pairQueue } from './pair-queue.js';

/**
 * Runs the pairing on a timer on every instance; the advisory lock inside pairQueue lets one of them
 * pair at a time (ADR 123). A tick never overlaps the previous one on the same instance.
 */
export class PairingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async tick(): Promise<void> {
    try {
      await pairQueue(this.deps);
      await createMatchBattles(this.deps);
    } catch (err) {
      this.deps.log.warn({ err }, 'pairing tick failed');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
