import { describe, expect, it } from 'vitest';
import { StepBudget } from '../src/step-budget.js';

const limits = { tickSteps: 20, roundBankSteps: 100, roundCapSteps: 1_000 };

describe('StepBudget', () => {
  it('when a round starts, then a tick may use its own steps plus the whole bank', () => {
    expect(new StepBudget(limits).allowance()).toBe(120);
  });

  it('when a tick runs over its steps, then only the excess is drawn from the bank', () => {
    const budget = new StepBudget(limits);
    budget.record(50);
    expect(budget.remainingBank).toBe(70);
    budget.record(10);
    expect(budget.remainingBank).toBe(70);
    expect(budget.allowance()).toBe(90);
  });

  it('when the bank is spent, then it stays at zero and ticks get their own steps only', () => {
    const budget = new StepBudget(limits);
    budget.record(500);
    expect(budget.remainingBank).toBe(0);
    expect(budget.allowance()).toBe(20);
  });

  it('when the round total nears the cap, then the allowance shrinks to what is left and the cap is reported', () => {
    const budget = new StepBudget(limits);
    for (let i = 0; i < 99; i++) budget.record(10);
    expect(budget.allowance()).toBe(10);
    budget.record(10);
    expect(budget.capReached).toBe(true);
    expect(budget.allowance()).toBe(0);
  });

  it('when a new round starts, then the bank and the cap are restored', () => {
    const budget = new StepBudget(limits);
    budget.record(1_000);
    budget.startRound();
    expect(budget.capReached).toBe(false);
    expect(budget.allowance()).toBe(120);
  });
});
