import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RULES_VERSION, RULES_VERSIONS, isRulesVersion } from '@garrison/game';
import { UsageError } from '../errors.js';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
export interface Parsed<T extends OptionSpec> {
  values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/** parseArgs with strict checking; its complaints become usage errors (exit code 2). */
export function parseStrict<T extends OptionSpec>(argv: string[], options: T): Parsed<T> {
  return parseCommandLine(argv, options as Options) as unknown as Parsed<T>;
}

/** The same with parseArgs' tokens (for commands where the order of mixed arguments matters). */
type Options = NonNullable<ParseArgsConfig['options']>;
type WithTokens<T extends Options> = {
  args: string[];
  options: T;
  allowPositionals: true;
  strict: true;
  tokens: true;
};

export function parseCommandLine<const T extends Options>(
  argv: string[],
  options: T,
): ReturnType<typeof parseArgs<WithTokens<T>>> {
  try {
    return parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * parseArgs takes `--seed -5` for two options and calls it ambiguous; a value that looks like a
 * negative number is the option's value, joined as `--seed=-5`, so the option's own check can
 * answer in words ("--seed must be an integer ≥ 0, got "-5"").
 */
export function joinNegativeValues(
  argv: readonly string[],
  options: Readonly<Record<string, { type: 'string' | 'boolean' }>>,
): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** A whole number ≥ `min`, or a usage error that says so. */
export function integerOption(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min)
    throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

/** `--rules N`: a rules version this engine plays (1 when absent). */
export function rulesOption(text: string | undefined): number {
  if (text === undefined) return RULES_VERSION;
  const version = Number(text);
  if (!/^\d+$/.test(text) || !isRulesVersion(version))
    throw new UsageError(`--rules must be one of ${RULES_VERSIONS.join(', ')}, got "${text}"`);
  return version;
}
