/**
 * The contract between a bot and the engine (SPEC 3.2). A bot is a module whose default export
 * implements `Bot`. Coordinates: origin bottom-left, x grows east, y grows north, distances in
 * arena units. Angles: degrees, 0° = east, counter-clockwise positive; every absolute angle the
 * engine reports is normalised to [0, 360). Time is counted in ticks.
 * Field names are stable; new optional fields may be added.
 */

/**
 * A solid axis-aligned rectangle inside the arena (rules v2): it blocks tanks, bullets and radar.
 * It covers x…x+width and y…y+height.
 */
export interface Obstacle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The battlefield: a rectangle with walls on all four sides. */
export interface Arena {
  /** Width in units (x runs 0…width). Duel 800, free-for-all 1200. */
  width: number;
  /** Height in units (y runs 0…height). Duel 600, free-for-all 900. */
  height: number;
  /**
   * Rules v2 only: the obstacles of this battle (the same in every round). Absent under rules v1,
   * whose arena is empty.
   */
  obstacles?: Obstacle[];
}

/** Given to `onRoundStart` before the first tick of every round. */
export interface RoundInfo {
  /** Version of the rules the battle is played under: 1 (empty arena) or 2 (obstacles). */
  rulesVersion: number;
  /** Round number, 1-based. */
  round: number;
  /** Total rounds in the battle (duel 5, free-for-all 3 by default). */
  rounds: number;
  /** Arena size. */
  arena: Arena;
  /** Your own id (your participant index, 0-based); scan and event ids use the same numbering. */
  selfId: number;
  /** Every other tank of the battle: `id` as in scan events, `name` of its bot. */
  opponents: Array<{ id: number; name: string }>;
  /** Ticks after which the round ends even when several tanks are left (1200). */
  tickLimit: number;
}

/** Your tank as it is at the start of the tick you are deciding. */
export interface SelfState {
  /** Centre x in units, within [18, arena.width − 18] (the tank is a circle of radius 18). */
  x: number;
  /** Centre y in units, within [18, arena.height − 18]. */
  y: number;
  /** Body heading in degrees [0, 360); the tank drives along it (backwards with negative speed). */
  heading: number;
  /** Absolute turret (gun) heading in degrees [0, 360); bullets leave along it. */
  turret: number;
  /** Absolute radar heading in degrees [0, 360). */
  radar: number;
  /** Current speed in units/tick, −8…+16 (negative = reversing). */
  speed: number;
  /** Energy 0…100; the tank is destroyed at 0. Firing costs the bullet's power. */
  energy: number;
  /** Gun heat ≥ 0; the gun fires only at 0. Cools 0.2 per tick, 3.0 at round start. */
  gunHeat: number;
}

/** One of your own bullets still in flight. */
export interface OwnBullet {
  /** Bullet id, unique within the battle. */
  id: number;
  /** Position x in units. */
  x: number;
  /** Position y in units. */
  y: number;
  /** Direction of flight in degrees [0, 360). */
  heading: number;
  /** Power 0.5…3 it was fired with. */
  power: number;
  /** Speed in units/tick: 40 − 6 × power. */
  speed: number;
}

/** Your radar swept over an enemy tank this tick. Enemy bullets are never visible. */
export interface ScanEvent {
  type: 'scan';
  /** The scanned tank's id. */
  id: number;
  /** Its centre x in units. */
  x: number;
  /** Its centre y in units. */
  y: number;
  /** Its body heading in degrees [0, 360). */
  heading: number;
  /** Its speed in units/tick (−8…16). */
  speed: number;
  /** Its energy 0…100. */
  energy: number;
  /** Distance between the two centres in units. */
  distance: number;
  /** Absolute direction from you to it, degrees [0, 360). */
  bearing: number;
}

/** One of your bullets hit a tank. */
export interface BulletHitEvent {
  type: 'bulletHit';
  /** Your bullet's id. */
  bulletId: number;
  /** Id of the tank that was hit. */
  target: number;
  /** Energy the target lost (4p + 2·max(0, p−1), at most what it had left). */
  damage: number;
}

/** One of your bullets left the arena, or (rules v2) struck an obstacle, without hitting a tank. */
export interface BulletMissedEvent {
  type: 'bulletMissed';
  /** Your bullet's id. */
  bulletId: number;
}

/** An enemy bullet hit you. */
export interface HitByBulletEvent {
  type: 'hitByBullet';
  /** Id of the tank that fired it. */
  from: number;
  /** Energy you lost. */
  damage: number;
  /** Absolute direction the bullet came from (its heading + 180°), degrees [0, 360). */
  bearing: number;
}

/** You drove into a wall or (rules v2) an obstacle and stopped. */
export interface HitWallEvent {
  type: 'hitWall';
  /** Energy you lost: max(0, |speed| / 4 − 1). */
  damage: number;
}

/** You collided with another tank; both stopped. */
export interface HitTankEvent {
  type: 'hitTank';
  /** Id of the other tank. */
  id: number;
  /** Energy you lost (1.0, at most what you had left). */
  damage: number;
  /** True when you were driving into it (you are the rammer and score the ram). */
  rammer: boolean;
}

/** A tank was destroyed this tick (it may be you: you will not get another tick this round). */
export interface TankDestroyedEvent {
  type: 'tankDestroyed';
  /** Id of the destroyed tank. */
  id: number;
}

/** Your bot skipped the previous tick (threw, timed out, ran out of memory, bad answer). */
export interface SkippedEvent {
  type: 'skipped';
  /** Why, e.g. "timeout", "error: …". */
  reason: string;
}

/** Everything that happened to you during the previous tick, in engine order. */
export type BotEvent =
  | ScanEvent
  | BulletHitEvent
  | BulletMissedEvent
  | HitByBulletEvent
  | HitWallEvent
  | HitTankEvent
  | TankDestroyedEvent
  | SkippedEvent;

/** What `onTick` receives: the world as your tank sees it now. */
export interface Tick {
  /** Tick number within the round, starting at 0. */
  tick: number;
  /** Round number, 1-based. */
  round: number;
  /** Your tank. */
  self: SelfState;
  /** Your own bullets in flight. */
  bullets: OwnBullet[];
  /** Events of the previous tick (empty on tick 0). */
  events: BotEvent[];
  /** How many opponents are still alive. */
  opponentsAlive: number;
}

/**
 * What your tank should do this tick. Missing or non-finite fields mean 0 / no fire; every value
 * is clamped to the rules (it never makes the bot fail).
 */
export interface Intent {
  /** Target speed in units/tick, clamped to −8…+16. The tank accelerates +2/tick and brakes −4/tick towards it. */
  speed?: number;
  /** Body turn in degrees this tick (positive = counter-clockwise), clamped to ±(24 − |speed|). */
  bodyTurn?: number;
  /** Turret turn relative to the body in degrees, clamped to ±30. */
  turretTurn?: number;
  /** Radar turn relative to the turret in degrees, clamped to ±45. */
  radarTurn?: number;
  /** Fire power: 0 or absent = hold fire; otherwise clamped to 0.5…3. Fires only when gunHeat = 0 and energy > power. */
  fire?: number;
  /** Free text for your debug log; ignored by the rules. */
  debug?: string;
}

/** A bot: the default export of a bot module. */
export interface Bot {
  /** Called once before every round. */
  onRoundStart?(info: RoundInfo): void;
  /** Called every tick while your tank is alive; return what to do. */
  onTick(tick: Tick): Intent | void;
}
