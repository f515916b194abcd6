/**
 * The contract between a bot and the engine (SPEC 3.2). A bot is a module whose default export
 * implements `Bot`. Coordinates: origin bottom-left, 0° east, angles counter-clockwise, degrees.
 * Seed types — the engine issue owns and may refine them (keep field names stable).
 */

export interface Arena {
  width: number;
  height: number;
}

export interface RoundInfo {
  rulesVersion: number;
  round: number; // 1-based
  rounds: number;
  arena: Arena;
  selfId: number; // participant index
  opponents: Array<{ id: number; name: string }>;
  tickLimit: number;
}

export interface SelfState {
  x: number;
  y: number;
  heading: number;
  turret: number;
  radar: number;
  speed: number;
  energy: number;
  gunHeat: number;
}

export interface OwnBullet {
  id: number;
  x: number;
  y: number;
  heading: number;
  power: number;
}

export type BotEvent =
  | { type: 'scan'; id: number; x: number; y: number; heading: number; speed: number; energy: number; distance: number; bearing: number }
  | { type: 'bulletHit'; bulletId: number; target: number; damage: number }
  | { type: 'bulletMissed'; bulletId: number }
  | { type: 'hitByBullet'; from: number; damage: number; bearing: number }
  | { type: 'hitWall'; damage: number }
  | { type: 'hitTank'; id: number; damage: number; rammer: boolean }
  | { type: 'tankDestroyed'; id: number }
  | { type: 'skipped'; reason: string };

export interface Tick {
  tick: number;
  round: number;
  self: SelfState;
  bullets: OwnBullet[];
  events: BotEvent[];
}

/** Missing fields mean 0 / no fire; every value is clamped to the rules. */
export interface Intent {
  speed?: number;
  bodyTurn?: number;
  turretTurn?: number;
  radarTurn?: number;
  fire?: number;
  debug?: string;
}

export interface Bot {
  onRoundStart?(info: RoundInfo): void;
  onTick(tick: Tick): Intent | void;
}
