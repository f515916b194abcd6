import { builtinBotSource } from '@garrison/game';
import { runBattle } from './battle.js';
import { compileBot, type BotLanguage } from './compile.js';
import type { SandboxLimits } from './limits.js';

export interface ValidationTask {
  source: string;
  language: BotLanguage;
  limits?: Partial<SandboxLimits>;
  /** Length of the smoke round against sitting-duck. */
  smokeTicks?: number;
}

export type ValidationResult = { ok: true } | { ok: false; error: string };

const DEFAULT_SMOKE_TICKS = 200;

/**
 * The bots service's check of a new version: it compiles, starts within its deadline, and plays
 * a short smoke round against sitting-duck without being disabled or skipping every tick.
 * Runs in the calling thread; `validateBot` runs it in a disposable worker.
 */
export async function validateInThisThread(task: ValidationTask): Promise<ValidationResult> {
  const compiled = compileBot(task.source, task.language, 'bot', task.limits?.maxSourceBytes ?? 256 * 1024);
  if (!compiled.ok) return { ok: false, error: `does not compile: ${compiled.error}` };
  const report = await runBattle({
    seed: 1,
    rounds: 1,
    rules: { tickLimit: task.smokeTicks ?? DEFAULT_SMOKE_TICKS },
    record: false,
    bots: [
      { name: 'candidate', source: task.source, language: task.language },
      { name: 'sitting-duck', source: builtinBotSource('sitting-duck'), language: 'js' },
    ],
    ...(task.limits ? { limits: task.limits } : {}),
  });
  const candidate = report.bots[0];
  if (!candidate) return { ok: false, error: 'the smoke round did not run' };
  if (candidate.startupError) return { ok: false, error: candidate.startupError };
  const { calls, skips } = candidate.stats;
  if (calls > 0 && skips >= calls) {
    const firstSkip = candidate.debugLog.find(
      (entry) => entry.level === 'system' && entry.text.startsWith('skipped: '),
    );
    return {
      ok: false,
      error: `skipped every tick of the smoke round${firstSkip ? ` (${firstSkip.text.slice('skipped: '.length)})` : ''}`,
    };
  }
  const disabled = candidate.debugLog.find(
    (entry) => entry.level === 'system' && entry.text.startsWith('disabled'),
  );
  if (disabled) return { ok: false, error: disabled.text };
  return { ok: true };
}
