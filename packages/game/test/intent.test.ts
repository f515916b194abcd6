import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, clampIntent } from '../src/index.js';

describe('clampIntent', () => {
  it('when fields are missing or not finite numbers, then they count as 0 / no fire', () => {
    expect(
      clampIntent(DEFAULT_RULES, { speed: NaN, bodyTurn: 'left', turretTurn: Infinity, fire: null }),
    ).toEqual({
      speed: 0,
      bodyTurn: 0,
      turretTurn: 0,
      radarTurn: 0,
      fire: 0,
    });
    expect(clampIntent(DEFAULT_RULES, undefined)).toEqual(clampIntent(DEFAULT_RULES, {}));
  });

  it('when values exceed the rules, then they are clamped to them', () => {
    expect(
      clampIntent(DEFAULT_RULES, { speed: 99, bodyTurn: -99, turretTurn: 99, radarTurn: -99, fire: 9 }),
    ).toEqual({
      speed: 16,
      bodyTurn: -24,
      turretTurn: 30,
      radarTurn: -45,
      fire: 3,
    });
    expect(clampIntent(DEFAULT_RULES, { speed: -99 }).speed).toBe(-8);
  });

  it('when the fire power is positive but below 0.5, then it is raised to 0.5; zero or negative holds fire', () => {
    expect(clampIntent(DEFAULT_RULES, { fire: 0.1 }).fire).toBe(0.5);
    expect(clampIntent(DEFAULT_RULES, { fire: -1 }).fire).toBe(0);
  });
});
