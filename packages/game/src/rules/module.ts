import type { Arena } from '@garrison/bot-api';
import type { Mode, RulesConfig } from '../config.js';

/**
 * What is solid inside the arena besides its four walls. The engine asks it at the three places
 * where rules versions differ in geometry: where a tank may be, where a bullet stops, what a radar
 * sees. A module without terrain (v1) leaves the engine's step exactly as it was.
 */
export interface Terrain {
  /** Whether a circle of radius r centred at (x, y) overlaps something solid. */
  blocksTank(x: number, y: number, r: number): boolean;
  /** First point of the segment (x0, y0)→(x1, y1) inside something solid, as a fraction in [0, 1], or −1. */
  bulletStop(x0: number, y0: number, x1: number, y1: number): number;
  /** Whether something solid lies on the straight line between the two points. */
  blocksSight(x0: number, y0: number, x1: number, y1: number): boolean;
}

/**
 * One version of the game rules. A stored replay names its version, and the engine re-simulates
 * it with that module, so a new version never changes how an old battle plays (ADR 230).
 */
export interface RulesModule {
  readonly version: number;
  /** One line for users (CLI help, API docs). */
  readonly summary: string;
  /** The numbers of the rules (tests and the replay header may override them). */
  readonly defaults: Readonly<RulesConfig>;
  /** The arena of a new battle; deterministic from the seed. */
  layout(mode: Mode, rules: Readonly<RulesConfig>, seed: number): Arena;
  /** The solid things of an arena this module laid out; undefined when there are none. */
  terrain(arena: Arena): Terrain | undefined;
}
