import type { SandboxLimits } from './limits.js';

/**
 * Per-round CPU accounting: each tick may use `tickMs`; time beyond that is drawn from the
 * round's bank; the round's total is capped. Pure bookkeeping so it can be tested without a clock.
 */
export class CpuBudget {
  private bankMs = 0;
  private usedMs = 0;

  constructor(private readonly limits: Pick<SandboxLimits, 'tickMs' | 'roundBankMs' | 'roundCpuCapMs'>) {
    this.startRound();
  }

  startRound(): void {
    this.bankMs = this.limits.roundBankMs;
    this.usedMs = 0;
  }

  /** How long the next call may run before it is interrupted. */
  allowanceMs(): number {
    return Math.max(0, Math.min(this.limits.tickMs + this.bankMs, this.limits.roundCpuCapMs - this.usedMs));
  }

  /** Books a finished (or interrupted) call. */
  record(elapsedMs: number): void {
    this.usedMs += elapsedMs;
    this.bankMs = Math.max(0, this.bankMs - Math.max(0, elapsedMs - this.limits.tickMs));
  }

  get capReached(): boolean {
    return this.usedMs >= this.limits.roundCpuCapMs;
  }

  get remainingBankMs(): number {
    return this.bankMs;
  }

  get roundUsedMs(): number {
    return this.usedMs;
  }
}
