/**
 * Rules v1 (SPEC 3.1). Every number of the rules lives here so tests can shorten things. Rules v2
 * (rules/v2) plays with the same numbers and adds obstacles. RULES_VERSION is the default version.
 */
export const RULES_VERSION = 1;

export type Mode = 'duel' | 'ffa';

export interface RulesConfig {
  duelArena: { width: number; height: number };
  ffaArena: { width: number; height: number };
  duelRounds: number;
  ffaRounds: number;
  ffaMinTanks: number;
  ffaMaxTanks: number;
  tickLimit: number;

  tankRadius: number;
  startEnergy: number;
  maxEnergy: number;
  /** Spawned centres keep at least this far from walls and from each other. */
  spawnWallMargin: number;
  spawnMinDistance: number;

  minSpeed: number;
  maxSpeed: number;
  acceleration: number;
  deceleration: number;

  /** Body turn limit per tick is bodyTurnBase − |speed|. */
  bodyTurnBase: number;
  turretTurnMax: number;
  radarTurnMax: number;

  minPower: number;
  maxPower: number;
  /** Bullet speed = bulletSpeedBase − bulletSpeedPerPower × power. */
  bulletSpeedBase: number;
  bulletSpeedPerPower: number;
  /** Damage = damagePerPower × p + extraDamagePerPower × max(0, p − 1). */
  damagePerPower: number;
  extraDamagePerPower: number;
  /** Energy returned to the shooter on a hit = hitReturnPerPower × p. */
  hitReturnPerPower: number;
  /** Gun heat after firing = 1 + p / gunHeatPowerDivisor. */
  gunHeatBase: number;
  gunHeatPowerDivisor: number;
  gunCooling: number;
  startGunHeat: number;

  /** Wall damage = max(0, |v| / wallDamageSpeedDivisor − wallDamageOffset). */
  wallDamageSpeedDivisor: number;
  wallDamageOffset: number;
  tankCollisionDamage: number;

  radarRange: number;
  /** The scanned sector is at least ± this many degrees. */
  radarMinHalfSweep: number;

  inactivityTicks: number;
  inactivityDrain: number;

  scoreBulletDamage: number;
  scoreRamDamage: number;
  killBonus: number;
  ramKillBonus: number;
  survivalBonus: number;
  lastSurvivorPerOpponent: number;

  maxConsecutiveSkips: number;
  keyframeEvery: number;
}

export const DEFAULT_RULES: Readonly<RulesConfig> = Object.freeze({
  duelArena: { width: 800, height: 600 },
  ffaArena: { width: 1200, height: 900 },
  duelRounds: 5,
  ffaRounds: 3,
  ffaMinTanks: 3,
  ffaMaxTanks: 6,
  tickLimit: 1200,

  tankRadius: 18,
  startEnergy: 100,
  maxEnergy: 100,
  spawnWallMargin: 60,
  spawnMinDistance: 200,

  minSpeed: -8,
  maxSpeed: 16,
  acceleration: 2,
  deceleration: 4,

  bodyTurnBase: 24,
  turretTurnMax: 30,
  radarTurnMax: 45,

  minPower: 0.5,
  maxPower: 3,
  bulletSpeedBase: 40,
  bulletSpeedPerPower: 6,
  damagePerPower: 4,
  extraDamagePerPower: 2,
  hitReturnPerPower: 3,
  gunHeatBase: 1,
  gunHeatPowerDivisor: 5,
  gunCooling: 0.2,
  startGunHeat: 3,

  wallDamageSpeedDivisor: 4,
  wallDamageOffset: 1,
  tankCollisionDamage: 1,

  radarRange: 1000,
  radarMinHalfSweep: 1,

  inactivityTicks: 300,
  inactivityDrain: 0.5,

  scoreBulletDamage: 1,
  scoreRamDamage: 2,
  killBonus: 0.2,
  ramKillBonus: 0.3,
  survivalBonus: 50,
  lastSurvivorPerOpponent: 10,

  maxConsecutiveSkips: 50,
  keyframeEvery: 100,
});

export type RulesOverrides = Partial<RulesConfig>;

export function resolveRules(
  overrides: RulesOverrides = {},
  defaults: Readonly<RulesConfig> = DEFAULT_RULES,
): RulesConfig {
  return {
    ...defaults,
    ...overrides,
    duelArena: { ...(overrides.duelArena ?? defaults.duelArena) },
    ffaArena: { ...(overrides.ffaArena ?? defaults.ffaArena) },
  };
}

/** Damage a bullet of power p deals. */
export function bulletDamage(rules: RulesConfig, p: number): number {
  return rules.damagePerPower * p + rules.extraDamagePerPower * Math.max(0, p - 1);
}

export function bulletSpeed(rules: RulesConfig, p: number): number {
  return rules.bulletSpeedBase - rules.bulletSpeedPerPower * p;
}
