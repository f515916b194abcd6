import type { Intent } from '@garrison/bot-api';
import type { RulesConfig } from './config.js';

/**
 * What a controller answers for one participant and tick: the bot's intent, or a skip
 * (threw, timed out, out of memory…). `disable` asks the engine to disable the bot for the rest
 * of the round at once (e.g. past its CPU cap).
 */
export type Answer = { intent: Intent } | { skipped: string; disable?: boolean };

/** An intent with every field present and clamped to the static limits of the rules. */
export interface ClampedIntent {
  speed: number;
  bodyTurn: number;
  turretTurn: number;
  radarTurn: number;
  /** 0 = hold fire, otherwise within [minPower, maxPower]. */
  fire: number;
}

export const IDLE_INTENT: Readonly<ClampedIntent> = Object.freeze({
  speed: 0,
  bodyTurn: 0,
  turretTurn: 0,
  radarTurn: 0,
  fire: 0,
});

function finite(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return (v < lo ? lo : v > hi ? hi : v) + 0;
}

/** Clamps whatever a bot returned; anything that is not a finite number counts as 0. */
export function clampIntent(rules: RulesConfig, intent: unknown): ClampedIntent {
  const i = (typeof intent === 'object' && intent !== null ? intent : {}) as Record<string, unknown>;
  const fire = finite(i.fire);
  return {
    speed: clamp(finite(i.speed), rules.minSpeed, rules.maxSpeed),
    bodyTurn: clamp(finite(i.bodyTurn), -rules.bodyTurnBase, rules.bodyTurnBase),
    turretTurn: clamp(finite(i.turretTurn), -rules.turretTurnMax, rules.turretTurnMax),
    radarTurn: clamp(finite(i.radarTurn), -rules.radarTurnMax, rules.radarTurnMax),
    fire: fire > 0 ? clamp(fire, rules.minPower, rules.maxPower) : 0,
  };
}

/** Replay encoding of what the engine applied for one participant in one tick. */
export type AppliedAnswer =
  | [speed: number, bodyTurn: number, turretTurn: number, radarTurn: number, fire: number]
  | { skip: string; disable?: true }
  | null;

export function encodeApplied(i: ClampedIntent): AppliedAnswer {
  return [i.speed, i.bodyTurn, i.turretTurn, i.radarTurn, i.fire];
}

/** Turns a recorded answer back into what a controller would have answered. */
export function decodeApplied(a: AppliedAnswer): Answer {
  if (a === null) return { skipped: 'inactive' };
  if (Array.isArray(a)) {
    const [speed, bodyTurn, turretTurn, radarTurn, fire] = a;
    return { intent: { speed, bodyTurn, turretTurn, radarTurn, fire } };
  }
  return a.disable ? { skipped: a.skip, disable: true } : { skipped: a.skip };
}
