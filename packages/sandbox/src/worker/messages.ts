import type { BattleProgress, BattleReport, BattleRequest } from '../battle.js';
import type { ValidationResult, ValidationTask } from '../validate.js';

export type WorkerTask =
  { kind: 'battle'; request: BattleRequest } | { kind: 'validate'; task: ValidationTask };

export type WorkerMessage =
  | { type: 'progress'; progress: BattleProgress }
  | { type: 'child'; pid: number }
  | { type: 'battle'; report: BattleReport }
  | { type: 'validated'; result: ValidationResult }
  | { type: 'failed'; message: string };
