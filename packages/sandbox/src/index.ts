export { DEFAULT_LIMITS, resolveLimits, type SandboxLimits } from './limits.js';
export { compileBot, type BotLanguage, type CompileResult } from './compile.js';
export type { Answer, BotController } from './controller.js';
export type { DebugLogEntry, LogLevel } from './debug-log.js';
export {
  loadSandboxedBot,
  BotStartupError,
  type LoadBotOptions,
  type SandboxedBot,
  type BotStats,
  type RoundBudget,
} from './sandboxed-bot.js';
export { BATTLE_EPOCH_MS, BATTLE_TICK_MS } from './prelude.js';
export { startStdioBot, type StdioBot, type StdioBotOptions } from './stdio-bot.js';
export {
  runBattle,
  botRandomSeed,
  type BattleBot,
  type BattleRequest,
  type BattleReport,
  type BattleProgress,
  type BotReport,
} from './battle.js';
export { validateInThisThread, type ValidationTask, type ValidationResult } from './validate.js';
export { runBattleInWorker, validateBot, BattleTimeoutError, type WorkerOptions } from './run-in-worker.js';
export {
  createBattleWorkerPool,
  type BattleWorkerPool,
  type BattleWorkerPoolOptions,
  type BattleWorkerPoolStats,
  type PooledBattleOptions,
} from './worker-pool.js';
