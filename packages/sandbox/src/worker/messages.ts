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

/** A pooled worker's next task; `id` tells its replies from a killed predecessor's. */
export interface PoolRequest {
  id: number;
  task: WorkerTask;
}

/** A pooled worker's reply; the task's last message also carries the worker's V8 heap in use. */
export interface PoolReply {
  id: number;
  message: WorkerMessage;
  heapUsedBytes?: number;
}

/** The messages that end a task. */
export function isFinal(message: WorkerMessage): boolean {
  return message.type === 'battle' || message.type === 'validated' || message.type === 'failed';
}
