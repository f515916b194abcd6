import { describe, expect, it } from 'vitest';
import {
  BattleRequestError,
  checkSeat,
  resolveBattleRules,
  resolveSeed,
  spectatorDelayFor,
} from '../../src/domain/battle-rules.js';

describe('battle rules', () => {
  it('when no mode is given, then two seats make a 5-round duel and three to six a 3-round free-for-all', () => {
    expect(resolveBattleRules(2)).toEqual({ mode: 'duel', rounds: 5 });
    expect(resolveBattleRules(4)).toEqual({ mode: 'ffa', rounds: 3 });
    expect(resolveBattleRules(3, 'ffa', 7)).toEqual({ mode: 'ffa', rounds: 7 });
  });

  it('when the seats do not fit the mode or there are too many rounds, then the request is refused', () => {
    expect(() => resolveBattleRules(1)).toThrow(BattleRequestError);
    expect(() => resolveBattleRules(7)).toThrow(BattleRequestError);
    expect(() => resolveBattleRules(3, 'duel')).toThrow(/exactly 2/);
    expect(() => resolveBattleRules(2, 'ffa')).toThrow(/3 to 6/);
    expect(() => resolveBattleRules(2, 'duel', 21)).toThrow(/rounds/);
  });

  it('when a seat names zero or two kinds of bot, an unknown built-in, or a hosted bot without its user, then it is refused', () => {
    expect(() => checkSeat({ userId: null }, 0)).toThrow(/exactly one/);
    expect(() => checkSeat({ userId: 'u', builtin: 'tracker', local: true }, 0)).toThrow(/exactly one/);
    expect(() => checkSeat({ userId: null, builtin: 'terminator' }, 1)).toThrow(/unknown built-in/);
    expect(() => checkSeat({ userId: null, botVersionId: 'v' }, 0)).toThrow(/needs its user/);
    expect(() => checkSeat({ userId: null, builtin: 'sniper' }, 0)).not.toThrow();
  });

  it('when the seed is 0 or absent, then a random uint32 is drawn; a given seed is kept', () => {
    expect(resolveSeed(123)).toBe(123);
    const drawn = resolveSeed(0);
    expect(Number.isInteger(drawn) && drawn > 0 && drawn < 2 ** 32).toBe(true);
    expect(() => resolveSeed(2 ** 32)).toThrow(BattleRequestError);
  });

  it('when a battle is a tournament or ranked, then spectators see it late; practice at once', () => {
    expect(spectatorDelayFor({ kind: 'tournament', ranked: false }, 5000)).toBe(5000);
    expect(spectatorDelayFor({ kind: 'challenge', ranked: true }, 5000)).toBe(5000);
    expect(spectatorDelayFor({ kind: 'practice', ranked: false }, 5000)).toBe(0);
  });
});
