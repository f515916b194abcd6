import type { SandboxLimits } from './limits.js';

/**
 * Per-round budget in steps (ADR 210): each tick may use `tickSteps`; steps beyond that are drawn
 * from the round's bank; the round's total is capped. Pure bookkeeping of counts QuickJS makes
 * itself, so the same bot plays the same on any machine.
 */
export class StepBudget {
  private bankSteps = 0;
  private usedSteps = 0;

  constructor(
    private readonly limits: Pick<SandboxLimits, 'tickSteps' | 'roundBankSteps' | 'roundCapSteps'>,
  ) {
    this.startRound();
  }

  startRound(): void {
    this.bankSteps = this.limits.roundBankSteps;
    this.usedSteps = 0;
  }

  /** How many steps the next call may take before it is interrupted. */
  allowance(): number {
    return Math.max(
      0,
      Math.min(this.limits.tickSteps + this.bankSteps, this.limits.roundCapSteps - this.usedSteps),
    );
  }

  /** Books a finished (or interrupted) call. */
  record(steps: number): void {
    this.usedSteps += steps;
    this.bankSteps = Math.max(0, this.bankSteps - Math.max(0, steps - this.limits.tickSteps));
  }

  get capReached(): boolean {
    return this.usedSteps >= this.limits.roundCapSteps;
  }

  get remainingBank(): number {
    return this.bankSteps;
  }

  get roundUsed(): number {
    return this.usedSteps;
  }
}
