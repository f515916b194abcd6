// Battle rules as players choose them (SPEC 3.4), with the defaults of the game (SPEC 3.1).
import { RULES_VERSION, isRulesVersion } from '@garrison/game';

export type Mode = 'duel' | 'ffa';

export interface Rules {
  mode: Mode;
  rounds: number;
  /** Version of the game rules (ADR 230): 1, or 2 for the arena with obstacles. */
  version: number;
}

/** The rules as the v1 events carry them (their schemas predate the version; ADR 230). */
export function eventRules(rules: Rules): { mode: Mode; rounds: number } {
  return { mode: rules.mode, rounds: rules.rounds };
}

export const DEFAULT_ROUNDS: Record<Mode, number> = { duel: 5, ffa: 3 };
export const MAX_ROUNDS = 15;

/** Tanks a mode is played with: a duel is two, free-for-all three to six. */
export const SEATS: Record<Mode, { min: number; max: number }> = {
  duel: { min: 2, max: 2 },
  ffa: { min: 3, max: 6 },
};

/**
 * Fills in what the player left out: the mode follows the number of tanks when not given, the
 * rounds follow the mode.
 */
export function completeRules(input: Partial<Rules> | undefined, tanks: number): Rules {
  const mode = input?.mode ?? (tanks <= 2 ? 'duel' : 'ffa');
  return { mode, rounds: input?.rounds ?? DEFAULT_ROUNDS[mode], version: input?.version ?? RULES_VERSION };
}

/** Why these rules cannot be played by this many tanks, or undefined when they can. */
export function rulesProblem(rules: Rules, tanks: number): string | undefined {
  const seats = SEATS[rules.mode];
  if (tanks < seats.min || tanks > seats.max) {
    return seats.min === seats.max
      ? `a ${rules.mode} is played by exactly ${seats.min} tanks, not ${tanks}`
      : `${rules.mode} is played by ${seats.min} to ${seats.max} tanks, not ${tanks}`;
  }
  if (!Number.isInteger(rules.rounds) || rules.rounds < 1 || rules.rounds > MAX_ROUNDS)
    return `rounds must be 1 to ${MAX_ROUNDS}`;
  if (!isRulesVersion(rules.version)) return `rules version ${rules.version} is not played by this engine`;
  return undefined;
}
