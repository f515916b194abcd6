import { Worker } from 'node:worker_threads';
import type { BattleProgress, BattleReport, BattleRequest } from './battle.js';
import { compileBot, type BotLanguage } from './compile.js';
import { resolveLimits, STEPS_PER_MS } from './limits.js';
import type { ValidationResult, ValidationTask } from './validate.js';
import type { WorkerMessage, WorkerTask } from './worker/messages.js';
import { BattleTimeoutError, trackTask } from './worker-task.js';

export interface WorkerOptions {
  /** Wall-clock kill switch: past it the worker is terminated and the promise rejects. */
  wallClockMs?: number;
  onProgress?: (progress: BattleProgress) => void;
  /** V8 heap bound of the worker (bot memory is WebAssembly memory, bounded per bot). */
  maxHeapMb?: number;
}

export { BattleTimeoutError };

/** V8 heap bound of a battle worker unless the caller sets one. */
export const DEFAULT_MAX_HEAP_MB = 512;

const ENTRY = new URL('./worker/battle-worker-entry.mjs', import.meta.url);

/**
 * Plays a battle in a worker thread that is killed if it outlives `wallClockMs` (default: enough
 * for every bot to use its whole CPU cap every round). The host thread never runs bot code.
 */
export function runBattleInWorker(
  request: BattleRequest,
  options: WorkerOptions = {},
): Promise<BattleReport> {
  return runInDisposableWorker(
    { kind: 'battle', request },
    options.wallClockMs ?? defaultWallClockMs(request),
    options,
    pickBattleReport,
  );
}

/**
 * Enough for every bot to use its whole round cap and startup budget every round at half the
 * calibrated speed (a busy host), plus slack.
 */
export function defaultWallClockMs(request: BattleRequest): number {
  const limits = resolveLimits(request.limits);
  const rounds = request.rounds ?? (request.bots.length === 2 ? 5 : 3);
  const perRoundMs = ((limits.roundCapSteps + limits.startupSteps) / STEPS_PER_MS) * 2;
  return Math.round(request.bots.length * rounds * perRoundMs) + 30_000;
}

export function pickBattleReport(message: WorkerMessage): BattleReport | undefined {
  return message.type === 'battle' ? message.report : undefined;
}

/** Validates a bot version (compile + smoke round vs sitting-duck) in a disposable worker. */
export async function validateBot(task: ValidationTask, options?: WorkerOptions): Promise<ValidationResult>;
export async function validateBot(
  source: string,
  language: BotLanguage,
  options?: WorkerOptions & Omit<ValidationTask, 'source' | 'language'>,
): Promise<ValidationResult>;
export async function validateBot(
  taskOrSource: ValidationTask | string,
  languageOrOptions?: BotLanguage | WorkerOptions,
  extra: WorkerOptions & Omit<ValidationTask, 'source' | 'language'> = {},
): Promise<ValidationResult> {
  const [task, options]: [ValidationTask, WorkerOptions] =
    typeof taskOrSource === 'string'
      ? [{ ...extra, source: taskOrSource, language: languageOrOptions as BotLanguage }, extra]
      : [taskOrSource, (languageOrOptions as WorkerOptions | undefined) ?? {}];
  // Syntax errors are answered without starting a worker.
  const compiled = compileBot(task.source, task.language, 'bot', resolveLimits(task.limits).maxSourceBytes);
  if (!compiled.ok) return { ok: false, error: `does not compile: ${compiled.error}` };
  try {
    return await runInDisposableWorker(
      { kind: 'validate', task: toTask(task) },
      options.wallClockMs ?? 60_000,
      options,
      (message) => (message.type === 'validated' ? message.result : undefined),
    );
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Only the task's own fields cross to the worker (no callbacks). */
function toTask(task: ValidationTask): ValidationTask {
  return {
    source: task.source,
    language: task.language,
    ...(task.limits ? { limits: task.limits } : {}),
    ...(task.smokeTicks !== undefined ? { smokeTicks: task.smokeTicks } : {}),
  };
}

/** One task in a new worker thread that is terminated when the task settles, whatever the outcome. */
export function runInDisposableWorker<T>(
  task: WorkerTask,
  wallClockMs: number,
  options: WorkerOptions,
  pick: (message: WorkerMessage) => T | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(ENTRY, {
      workerData: task,
      execArgv: withoutTypeScriptPreloads(process.execArgv),
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB },
    });
    const tracked = trackTask(
      { wallClockMs, onProgress: options.onProgress, pick, resolve, reject },
      () => void worker.terminate(),
    );
    worker.on('message', (message: WorkerMessage) => tracked.onMessage(message));
    worker.on('error', (error) => tracked.fail(error));
    worker.on('exit', (code) =>
      tracked.fail(new Error(`the battle worker exited (code ${code}) without an answer`)),
    );
  });
}

/**
 * Workers get the parent's execArgv, but on Node 20 not its TypeScript loader (the entry registers
 * tsx itself): a `--import <file>.ts` preload of the parent (the launcher's watch-parent) would fail
 * to load in the worker, so TypeScript preloads stay in the main thread.
 */
export function withoutTypeScriptPreloads(argv: readonly string[]): string[] {
  const isTypeScript = (file: string | undefined) => file !== undefined && /\.[cm]?tsx?$/.test(file);
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if ((arg === '--import' || arg === '--require' || arg === '-r') && isTypeScript(argv[i + 1])) {
      i++;
      continue;
    }
    if (/^--(import|require)=/.test(arg) && isTypeScript(arg.slice(arg.indexOf('=') + 1))) continue;
    kept.push(arg);
  }
  return kept;
}
