/**
 * Building blocks of the sandboxed bot, for the bench's copy of the previous (JSON) boundary
 * (`bench/src/sandbox/`), which it measures beside the current one. Not used by production code.
 */
export { compileBot, BOT_GLOBAL, type BotLanguage } from './compile.js';
export { DebugLog, type LogLevel } from './debug-log.js';
export { normalizeIntent, UnknownFieldWarnings } from './intent.js';
export { StepBudget } from './step-budget.js';
export { resolveLimits, type SandboxLimits } from './limits.js';
export { newBoundedQuickJS } from './quickjs-module.js';
export { preludeEnvironmentSource, type PreludeOptions } from './prelude.js';
export type { Answer } from './controller.js';
