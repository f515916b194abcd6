import { createHash } from 'node:crypto';
import { transformSync, type TransformFailure } from 'esbuild';

export type BotLanguage = 'js' | 'ts';

/** The global the compiled script assigns the bot module's namespace to. */
export const BOT_GLOBAL = '__garrisonBotModule';

/** `map`: the source map (JSON) from `code` back to the author's source, for error positions. */
export type CompileResult = { ok: true; code: string; map: string } | { ok: false; error: string };

/**
 * Turns a bot's ES module (JS or TS) into a plain script QuickJS can evaluate: the namespace
 * lands in `BOT_GLOBAL`. `import` statements become `require` calls, which do not exist inside
 * the sandbox, so a bot importing anything fails at startup with a clear message.
 */
export function compileBot(
  source: string,
  language: BotLanguage,
  name = 'bot',
  maxSourceBytes = Infinity,
): CompileResult {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > maxSourceBytes)
    return { ok: false, error: `source is ${bytes} bytes, the limit is ${maxSourceBytes}` };
  if (language !== 'js' && language !== 'ts')
    return { ok: false, error: `unknown language ${String(language)}` };
  const key = createHash('sha256').update(`${language}\0${name}\0${source}`).digest('base64');
  const cached = cache.get(key);
  if (cached) {
    // Refresh its place: the cache drops the least recently used entry.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const result = transpile(source, language, name);
  cache.set(key, result);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return result;
}

/** The same versions (built-ins, a bot in its regression gate) are loaded again and again. */
const CACHE_ENTRIES = 64;
const cache = new Map<string, CompileResult>();

function transpile(source: string, language: BotLanguage, name: string): CompileResult {
  try {
    const result = transformSync(source, {
      loader: language,
      format: 'iife',
      globalName: BOT_GLOBAL,
      target: 'es2022',
      sourcefile: `${name}.${language}`,
      logLevel: 'silent',
      sourcemap: 'external',
    });
    return { ok: true, code: result.code, map: result.map };
  } catch (error) {
    return { ok: false, error: describeEsbuildFailure(error) };
  }
}

function describeEsbuildFailure(error: unknown): string {
  const failure = error as Partial<TransformFailure>;
  const first = failure.errors?.[0];
  if (!first) return error instanceof Error ? error.message : String(error);
  const where = first.location
    ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: `
    : '';
  return `${where}${first.text}`;
}
