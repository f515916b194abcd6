import { validateBot } from '@garrison/sandbox';
import { transformSync } from 'esbuild';
import type { Language } from '../database.js';
import type { BotValidator, Validation } from '../app/ports.js';

/**
 * Validation in the sandbox (compile, startup, a smoke round against sitting-duck), each in a
 * disposable worker thread. At most `concurrency` run at once so a burst of uploads cannot take
 * every core from the service; the rest queue in arrival order.
 */
export function sandboxValidator(opts: { concurrency: number; timeoutMs: number }): BotValidator {
  const gate = semaphore(opts.concurrency);
  return {
    validate: (source, language) =>
      gate(async (): Promise<Validation> => {
        const result = await validateBot(source, language, { wallClockMs: opts.timeoutMs });
        if (!result.ok) return result;
        return { ok: true, compiledJs: toModule(source, language) };
      }),
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

function semaphore(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
