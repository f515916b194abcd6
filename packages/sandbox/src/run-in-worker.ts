import { Worker } from 'node:worker_threads';
import type { BattleProgress, BattleReport, BattleRequest } from './battle.js';
import { compileBot, type BotLanguage } from './compile.js';
import { resolveLimits } from './limits.js';
import { killProcessGroup } from './stdio-bot.js';
import type { ValidationResult, ValidationTask } from './validate.js';
import type { WorkerMessage, WorkerTask } from './worker/messages.js';

export interface WorkerOptions {
  /** Wall-clock kill switch: past it the worker is terminated and the promise rejects. */
  wallClockMs?: number;
  onProgress?: (progress: BattleProgress) => void;
  /** V8 heap bound of the worker (bot memory is WebAssembly memory, bounded per bot). */
  maxHeapMb?: number;
}

export class BattleTimeoutError extends Error {
  override readonly name = 'BattleTimeoutError';
}

const ENTRY = new URL('./worker/battle-worker-entry.mjs', import.meta.url);

/**
 * Plays a battle in a worker thread that is killed if it outlives `wallClockMs` (default: enough
 * for every bot to use its whole CPU cap every round). The host thread never runs bot code.
 */
export function runBattleInWorker(
  request: BattleRequest,
  options: WorkerOptions = {},
): Promise<BattleReport> {
  const limits = resolveLimits(request.limits);
  const rounds = request.rounds ?? (request.bots.length === 2 ? 5 : 3);
  const wallClockMs =
    options.wallClockMs ?? request.bots.length * rounds * (limits.roundCpuCapMs + limits.startupMs) + 30_000;
  return runTask({ kind: 'battle', request }, wallClockMs, options, (message) =>
    message.type === 'battle' ? message.report : undefined,
  );
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
    return await runTask(
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

function runTask<T>(
  task: WorkerTask,
  wallClockMs: number,
  options: WorkerOptions,
  pick: (message: WorkerMessage) => T | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(ENTRY, {
      workerData: task,
      execArgv: withoutTypeScriptPreloads(process.execArgv),
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
    });
    let settled = false;
    // stdio bots are processes of their own: a killed or failed worker would leave them running.
    // (After a normal finish the worker has already closed them.)
    const children = new Set<number>();
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(killer);
      void worker.terminate();
      outcome();
    };
    const fail = (error: Error): void =>
      settle(() => {
        for (const pid of children) killProcessGroup(pid);
        reject(error);
      });
    const killer = setTimeout(
      () => fail(new BattleTimeoutError(`killed after ${wallClockMs} ms of wall-clock time`)),
      wallClockMs,
    );
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'child') {
        children.add(message.pid);
        return;
      }
      if (message.type === 'progress') {
        options.onProgress?.(message.progress);
        return;
      }
      if (message.type === 'failed') {
        fail(new Error(message.message));
        return;
      }
      const value = pick(message);
      if (value !== undefined) settle(() => resolve(value));
    });
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`the battle worker exited (code ${code}) without an answer`)));
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
