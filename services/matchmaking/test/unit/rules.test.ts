import { describe, expect, it } from 'vitest';
import { completeRules, rulesProblem } from '../../src/domain/rules.js';
import { newJoinCode, sameCode } from '../../src/domain/join-code.js';

describe('rules', () => {
  it('when nothing is given, then two tanks play a 5-round duel and more play a 3-round free-for-all', () => {
    expect(completeRules(undefined, 2)).toEqual({ mode: 'duel', rounds: 5, version: 1 });
    expect(completeRules(undefined, 4)).toEqual({ mode: 'ffa', rounds: 3, version: 1 });
    expect(completeRules({ mode: 'ffa' }, 3)).toEqual({ mode: 'ffa', rounds: 3, version: 1 });
    expect(completeRules({ rounds: 1, version: 2 }, 2)).toEqual({ mode: 'duel', rounds: 1, version: 2 });
  });

  it('when the mode does not fit the number of tanks, then the problem says so', () => {
    expect(rulesProblem({ mode: 'duel', rounds: 5, version: 1 }, 2)).toBeUndefined();
    expect(rulesProblem({ mode: 'duel', rounds: 5, version: 1 }, 3)).toContain('exactly 2');
    expect(rulesProblem({ mode: 'ffa', rounds: 3, version: 1 }, 2)).toContain('3 to 6');
    expect(rulesProblem({ mode: 'ffa', rounds: 3, version: 1 }, 6)).toBeUndefined();
    expect(rulesProblem({ mode: 'duel', rounds: 0, version: 1 }, 2)).toContain('rounds');
    expect(rulesProblem({ mode: 'duel', rounds: 5, version: 2 }, 2)).toBeUndefined();
    expect(rulesProblem({ mode: 'duel', rounds: 5, version: 3 }, 2)).toContain('rules version 3');
  });
});

describe('join codes', () => {
  it('when a code is typed in lower case or with spaces, then it still matches; another code does not', () => {
    const code = newJoinCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(sameCode(` ${code.toLowerCase()} `, code)).toBe(true);
    expect(sameCode(undefined, code)).toBe(false);
    expect(sameCode(code, null)).toBe(false);
    expect(sameCode('AAAAAAAA', 'BBBBBBBB')).toBe(false);
  });
});
