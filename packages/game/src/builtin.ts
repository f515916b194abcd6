import type { Bot } from '@garrison/bot-api';
import { BUILTIN_SOURCES } from './builtin-sources.js';

/** The reference bots, weakest first; addressable as `builtin:<name>`. */
export const BUILTIN_BOTS = ['sitting-duck', 'spinner', 'tracker', 'sniper', 'duelist'] as const;
export type BuiltinBotName = (typeof BUILTIN_BOTS)[number];

export function isBuiltinBot(name: string): name is BuiltinBotName {
  return (BUILTIN_BOTS as readonly string[]).includes(name);
}

/** ES-module source of a reference bot (`export default { onRoundStart, onTick }`), for the sandbox. */
export function builtinBotSource(name: string): string {
  if (!isBuiltinBot(name))
    throw new RangeError(`no built-in bot "${name}" (known: ${BUILTIN_BOTS.join(', ')})`);
  return BUILTIN_SOURCES[name];
}

/**
 * Evaluates a trusted bot module's source in this process and returns a fresh instance. The
 * default export becomes the function's return value; the bots import nothing.
 */
export function botFromTrustedSource(source: string): Bot {
  const body = source.replace(/^\s*export\s+default\s+/m, 'return ');
  return new Function(`'use strict';\n${body}`)() as Bot;
}

/** A fresh in-process instance of a reference bot (tests, benchmarks, the offline engine). */
export function builtinBot(name: string): Bot {
  return botFromTrustedSource(builtinBotSource(name));
}
