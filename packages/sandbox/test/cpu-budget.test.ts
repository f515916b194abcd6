import { describe, expect, it } from 'vitest';
import { CpuBudget } from '../src/cpu-budget.js';

const limits = { tickMs: 20, roundBankMs: 100, roundCpuCapMs: 1_000 };

describe('CpuBudget', () => {
  it('when a round starts, then a tick may run its own deadline plus the whole bank', () => {
    expect(new CpuBudget(limits).allowanceMs()).toBe(120);
  });

  it('when a tick runs over its deadline, then only the excess is drawn from the bank', () => {
    const budget = new CpuBudget(limits);
    budget.record(50);
    expect(budget.remainingBankMs).toBe(70);
    budget.record(10);
    expect(budget.remainingBankMs).toBe(70);
    expect(budget.allowanceMs()).toBe(90);
  });

  it('when the bank is spent, then it stays at zero and ticks get their own deadline only', () => {
    const budget = new CpuBudget(limits);
    budget.record(500);
    expect(budget.remainingBankMs).toBe(0);
    expect(budget.allowanceMs()).toBe(20);
  });

  it('when the round total nears the cap, then the allowance shrinks to what is left and the cap is reported', () => {
    const budget = new CpuBudget(limits);
    for (let i = 0; i < 99; i++) budget.record(10);
    expect(budget.allowanceMs()).toBeCloseTo(10);
    budget.record(10);
    expect(budget.capReached).toBe(true);
    expect(budget.allowanceMs()).toBe(0);
  });

  it('when a new round starts, then the bank and the cap are restored', () => {
    const budget = new CpuBudget(limits);
    budget.record(1_000);
    budget.startRound();
    expect(budget.capReached).toBe(false);
    expect(budget.allowanceMs()).toBe(120);
  });
});
