import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;
export interface Parsed<T extends OptionSpec> {
  values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/** parseArgs with strict checking; its complaints become usage errors (exit code 2). */
export function parseStrict<T extends OptionSpec>(argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed<T>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
