import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { builtinBotSource, BUILTIN_BOTS, isBuiltinBot } from '@garrison/game';
import type { BattleBot } from '@garrison/sandbox';
import { UsageError } from './errors.js';
import { typeCheckBots } from './type-check.js';

/** A bot as named on the command line, in participant order. */
export type BotArgument = { kind: 'path'; value: string } | { kind: 'stdio'; value: string };

const BUILTIN_PREFIX = 'builtin:';

/** The bots of a command line, in order: positionals are files or builtins, `--stdio` commands. */
export function botArguments(
  tokens: ReadonlyArray<{ kind: string; name?: string; value?: string | undefined }>,
): BotArgument[] {
  const bots: BotArgument[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional' && token.value !== undefined)
      bots.push({ kind: 'path', value: token.value });
    else if (token.kind === 'option' && token.name === 'stdio') {
      if (!token.value) throw new UsageError('--stdio needs a command');
      bots.push({ kind: 'stdio', value: token.value });
    }
  }
  return bots;
}

/** `--check`: type-checks the TypeScript bot files against @garrison/bot-api; errors are a failure. */
export function typeCheckOrThrow(args: BotArgument[]): void {
  const files = args
    .filter((arg) => arg.kind === 'path' && /\.m?ts$/.test(arg.value))
    .map((arg) => resolve(arg.value));
  const report = typeCheckBots(files);
  if (report !== '') throw new Error(`type errors (--check):\n${report.trimEnd()}`);
}

/** Reads each named bot into what the battle runner takes; names are made unique for the table. */
export async function loadBots(args: BotArgument[]): Promise<BattleBot[]> {
  const bots: BattleBot[] = [];
  const taken = new Map<string, number>();
  const unique = (name: string): string => {
    const seen = (taken.get(name) ?? 0) + 1;
    taken.set(name, seen);
    return seen === 1 ? name : `${name}#${seen}`;
  };
  for (const arg of args) {
    if (arg.kind === 'stdio') {
      const program = arg.value.trim().split(/\s+/).at(-1) ?? 'stdio';
      bots.push({ name: unique(basename(program, extname(program)) || 'stdio'), stdio: arg.value });
      continue;
    }
    if (arg.value.startsWith(BUILTIN_PREFIX)) {
      const name = arg.value.slice(BUILTIN_PREFIX.length);
      if (!isBuiltinBot(name))
        throw new UsageError(`no built-in bot "${name}" (known: ${BUILTIN_BOTS.join(', ')})`);
      bots.push({ name: unique(name), source: builtinBotSource(name), language: 'js' });
      continue;
    }
    const extension = extname(arg.value);
    if (!['.js', '.mjs', '.ts', '.mts'].includes(extension)) {
      throw new UsageError(
        `"${arg.value}" is not a bot: give a .js or .ts file, builtin:<name> or --stdio "<command>"`,
      );
    }
    const source = await readFile(resolve(arg.value), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        error.code === 'ENOENT'
          ? `bot file not found: ${arg.value}`
          : `cannot read ${arg.value}: ${error.message}`,
      );
    });
    bots.push({
      name: unique(basename(arg.value, extension)),
      source,
      language: extension.includes('ts') ? 'ts' : 'js',
    });
  }
  return bots;
}
