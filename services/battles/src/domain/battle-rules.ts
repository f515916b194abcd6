// What a battle request may ask for, checked before anything is stored. Pure.
import { randomInt } from 'node:crypto';
import { BUILTIN_BOTS, RULES_VERSION, RULES_VERSIONS, isBuiltinBot, isRulesVersion } from '@garrison/game';
import type { BattleKind, Mode } from '../database.js';

export const BATTLE_KINDS: readonly BattleKind[] = [
  'challenge',
  'room',
  'matchmaking',
  'tournament',
  'practice',
  'gate',
];
export const MAX_ROUNDS = 20;

/** Who plays a seat, as asked: exactly one of botVersionId, builtin, local. */
export interface SeatRequest {
  userId: string | null;
  botVersionId?: string | undefined;
  builtin?: string | undefined;
  local?: boolean | undefined;
}

export class BattleRequestError extends Error {
  override readonly name = 'BattleRequestError';
}

export interface ResolvedRules {
  mode: Mode;
  rounds: number;
}

/** Duel for two, free-for-all for 3–6 (SPEC 3.1); rounds default to the mode's. */
export function resolveBattleRules(seats: number, mode?: string, rounds?: number): ResolvedRules {
  if (seats < 2 || seats > 6) throw new BattleRequestError(`a battle has 2 to 6 participants, not ${seats}`);
  const resolvedMode: Mode = mode === 'duel' || mode === 'ffa' ? mode : seats === 2 ? 'duel' : 'ffa';
  if (mode && mode !== resolvedMode) throw new BattleRequestError(`unknown mode "${mode}"`);
  if (resolvedMode === 'duel' && seats !== 2)
    throw new BattleRequestError('a duel has exactly 2 participants');
  if (resolvedMode === 'ffa' && seats < 3)
    throw new BattleRequestError('free-for-all needs 3 to 6 participants');
  const resolvedRounds = rounds && rounds > 0 ? rounds : resolvedMode === 'duel' ? 5 : 3;
  if (!Number.isInteger(resolvedRounds) || resolvedRounds > MAX_ROUNDS) {
    throw new BattleRequestError(`rounds must be 1 to ${MAX_ROUNDS}`);
  }
  return { mode: resolvedMode, rounds: resolvedRounds };
}

/** Absent or 0 → rules v1; otherwise a version the engine plays (ADR 230). */
export function resolveRulesVersion(version?: number): number {
  if (version === undefined || version === 0) return RULES_VERSION;
  if (!isRulesVersion(version)) {
    throw new BattleRequestError(
      `unknown rules version ${version} (this engine plays ${RULES_VERSIONS.join(', ')})`,
    );
  }
  return version;
}

export function checkSeat(seat: SeatRequest, index: number): void {
  const given = [seat.botVersionId ? 1 : 0, seat.builtin ? 1 : 0, seat.local ? 1 : 0].reduce((a, b) => a + b);
  if (given !== 1) {
    throw new BattleRequestError(
      `participant ${index + 1}: give exactly one of botVersionId, builtin or local: true`,
    );
  }
  if (seat.builtin && !isBuiltinBot(seat.builtin)) {
    throw new BattleRequestError(
      `participant ${index + 1}: unknown built-in bot "${seat.builtin}" (one of ${BUILTIN_BOTS.join(', ')})`,
    );
  }
  if ((seat.botVersionId || seat.local) && !seat.userId) {
    throw new BattleRequestError(`participant ${index + 1}: a hosted or local bot needs its user`);
  }
}

export function checkKind(kind: string): BattleKind {
  const found = BATTLE_KINDS.find((k) => k === kind);
  if (!found) throw new BattleRequestError(`unknown battle kind "${kind}"`);
  return found;
}

/** 0 or absent → a random seed; otherwise the uint32 asked for. */
export function resolveSeed(seed?: number): number {
  if (seed === undefined || seed === 0) return randomInt(1, 2 ** 32 - 1);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new BattleRequestError('seed must be an integer from 0 to 4294967295');
  }
  return seed;
}

/** Tournament and ranked battles are shown to spectators late, so watching cannot feed a competitor. */
export function spectatorDelayFor(battle: { kind: BattleKind; ranked: boolean }, delayMs: number): number {
  return battle.kind === 'tournament' || battle.ranked ? delayMs : 0;
}
