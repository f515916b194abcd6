/**
 * @garrison/game — the pure, deterministic tank engine (rules v1, SPEC 3.1, and v2: obstacles). No I/O, no clock,
 * no Math.random: it runs the same, bit for bit, in Node and in browsers.
 */
export { RULES_VERSION, DEFAULT_RULES, resolveRules, bulletDamage, bulletSpeed } from './config.js';
export type { Mode, RulesConfig, RulesOverrides } from './config.js';
export { RULES_VERSIONS, isRulesVersion, rulesModule } from './rules/index.js';
export type { RulesModule, Terrain } from './rules/index.js';
export { layoutObstacles, V2_OBSTACLES } from './rules/v2/index.js';
export { segmentRectEntry } from './rules/v2/obstacles.js';
export { clampIntent, decodeApplied, encodeApplied, IDLE_INTENT } from './intent.js';
export type { Answer, AppliedAnswer, ClampedIntent } from './intent.js';
export { Match, createMatch } from './match.js';
export type { Accuracy, BattleResults, MatchOptions, PlaceResult } from './match.js';
export type { BulletState, MatchSnapshot, ParticipantStats, ScoreParts, TankState } from './state.js';
export { sumParts } from './state.js';
export { playBattle, playBattleSync, directController } from './driver.js';
export type { BattleOptions, Controller, SyncController } from './driver.js';
export {
  ReplayRecorder,
  ReplayError,
  parseReplay,
  replayToEnd,
  resimulate,
  seek,
  stepReplay,
} from './replay.js';
export type {
  Replay,
  ReplayHeader,
  ReplayKeyframe,
  ReplayTick,
  ReplayResults,
  Resimulation,
  ResimulateOptions,
} from './replay.js';
export { BUILTIN_BOTS, builtinBot, builtinBotSource, botFromTrustedSource, isBuiltinBot } from './builtin.js';
export type { BuiltinBotName } from './builtin.js';
export { Rng } from './rng.js';
export type { RngState } from './rng.js';
export { sinDeg, cosDeg, sinCosDeg, atan2Deg, asinDeg, normDeg, signedDeg } from './trig.js';
export type * from '@garrison/bot-api';
