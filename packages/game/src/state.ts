import type { Arena, BotEvent } from '@garrison/bot-api';
import type { Mode, RulesConfig } from './config.js';
import type { ClampedIntent } from './intent.js';
import type { RngState } from './rng.js';

/** One tank as the engine keeps it. Angles in degrees [0, 360). */
export interface TankState {
  x: number;
  y: number;
  heading: number;
  turret: number;
  radar: number;
  speed: number;
  energy: number;
  gunHeat: number;
  alive: boolean;
  /** Disabled for the rest of the round (too many skips): it stays in the arena, idle. */
  disabled: boolean;
  consecutiveSkips: number;
  /** Reused (fire cleared) when the bot skips a tick. */
  lastIntent: ClampedIntent;
  /** Events of the last tick, delivered by the next observe(). */
  events: BotEvent[];
}

export interface BulletState {
  id: number;
  owner: number;
  x: number;
  y: number;
  heading: number;
  power: number;
  speed: number;
}

/** Where a participant's points came from; the score is exactly their sum. */
export interface ScoreParts {
  bulletDamage: number;
  ramDamage: number;
  killBonus: number;
  survival: number;
  lastSurvivor: number;
}

export interface ParticipantStats {
  parts: ScoreParts;
  /** Damage dealt to opponents by bullets and rams. */
  damage: number;
  kills: number;
  skippedTicks: number;
  roundsWon: number;
}

/** The full, JSON-serialisable state of a match: keyframes, live viewers and resume use it. */
export interface MatchSnapshot {
  rulesVersion: number;
  seed: number;
  mode: Mode;
  rules: RulesConfig;
  participants: Array<{ name: string }>;
  arena: Arena;
  rounds: number;
  /** Current round, 1-based; 0 before the first round starts. */
  round: number;
  /** Ticks played in the current round. */
  tick: number;
  /** Ticks played in the whole battle. */
  totalTicks: number;
  roundOver: boolean;
  over: boolean;
  rng: RngState;
  ticksSinceDamage: number;
  nextBulletId: number;
  tanks: TankState[];
  bullets: BulletState[];
  stats: ParticipantStats[];
  /** Score of each participant in the current round (for the round winner at the tick limit). */
  roundScore: number[];
  /** damageTo[a][v]: damage a dealt to v this round (for kill bonuses). */
  damageTo: number[][];
}

export function emptyParts(): ScoreParts {
  return { bulletDamage: 0, ramDamage: 0, killBonus: 0, survival: 0, lastSurvivor: 0 };
}

export function sumParts(p: ScoreParts): number {
  return p.bulletDamage + p.ramDamage + p.killBonus + p.survival + p.lastSurvivor;
}
