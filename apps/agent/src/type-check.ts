import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import ts from 'typescript';

const BOT_API = createRequire(import.meta.url).resolve('@garrison/bot-api');

/** Compiler options of a bot: a plain ES2022 module with no Node and no DOM, strict. */
export const BOT_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowJs: true,
  checkJs: true,
  allowImportingTsExtensions: true,
};

/**
 * Type-checks bot files against `@garrison/bot-api` (`run --check`, `match --check`) and returns
 * the diagnostics as text, empty when there are none. The package is resolved from the Agent's
 * own copy, so a bot outside the repository checks the same way.
 */
export function typeCheckBots(files: readonly string[]): string {
  if (files.length === 0) return '';
  const options: ts.CompilerOptions = {
    ...BOT_COMPILER_OPTIONS,
    paths: { '@garrison/bot-api': [BOT_API] },
  };
  const program = ts.createProgram(files, options);
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter(
      (diagnostic) =>
        diagnostic.file === undefined ||
        files.includes(diagnostic.file.fileName) ||
        !diagnostic.file.fileName.startsWith(dirname(BOT_API)),
    );
  if (diagnostics.length === 0) return '';
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  });
}
