import { BattleTimeoutError, createBattleWorkerPool, type BattleWorkerPool } from '@garrison/sandbox';
import { transformSync } from 'esbuild';
import type { Language } from '../database.js';
import type { BotValidator, Validation } from '../app/ports.js';

/** A validator that also owns threads: started warm, closed with the service. */
export interface PooledValidator extends BotValidator {
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Validation in the sandbox (compile, startup, a smoke round against sitting-duck) on long-lived
 * worker threads, one per validation run at once: an upload no longer pays a thread's start, which
 * on a busy host alone took seconds. A validation past `timeoutMs` is killed with its worker. How
 * many run at once, and whose, is the ValidationQueue's business (ADR 141).
 */
export function sandboxValidator(opts: { concurrency: number; timeoutMs: number }): PooledValidator {
  let pool: BattleWorkerPool | undefined;
  const workers = () => (pool ??= createBattleWorkerPool({ size: opts.concurrency }));
  return {
    async validate(source, language): Promise<Validation> {
      let result;
      try {
        result = await workers().validate({ source, language }, { wallClockMs: opts.timeoutMs });
      } catch (err) {
        // The kill switch: a busy host, not a verdict on the bot (its own cost is metered).
        if (err instanceof BattleTimeoutError) return { ok: false, unfinished: true };
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      if (!result.ok) return result;
      return { ok: true, compiledJs: toModule(source, language) };
    },
    /** Starts every worker (a one-tick smoke round each), so the first uploads find them warm. */
    async warmUp() {
      const idle = 'export default { onTick() { return {}; } };';
      await Promise.all(
        Array.from({ length: opts.concurrency }, () =>
          workers().validate({ source: idle, language: 'js', smokeTicks: 1 }, { wallClockMs: 60_000 }),
        ),
      );
    },
    close: async () => pool?.close(),
  };
}

/**
 * What the sandbox loads (BotSource.compiled_js): the source itself for JavaScript, TypeScript
 * with its types stripped (still an ES module with its default export).
 */
export function toModule(source: string, language: Language): string {
  if (language === 'js') return source;
  return transformSync(source, { loader: 'ts', format: 'esm', target: 'es2022', logLevel: 'silent' }).code;
}
