import { SourceMap } from 'node:module';

/**
 * Rewrites `file:line:column` positions of the compiled script (what QuickJS reports in stacks)
 * into positions in the author's source, through the compiler's source map: esbuild's module
 * wrapper shifts every line (ADR 211). Positions the map does not cover are left as they are.
 */
export function sourcePositionMapper(map: string, file: string): (text: string) => string {
  let sourceMap: SourceMap | undefined;
  try {
    sourceMap = new SourceMap(JSON.parse(map) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    return (text) => text;
  }
  const pattern = new RegExp(`${escapeRegExp(file)}:(\\d+)(?::(\\d+))?`, 'g');
  return (text) =>
    text.replace(pattern, (whole, line: string, column: string | undefined) => {
      const entry = sourceMap.findEntry(Number(line) - 1, Math.max(0, Number(column ?? 1) - 1)) as
        { originalLine?: number; originalColumn?: number } | undefined;
      if (entry?.originalLine === undefined) return whole;
      return column === undefined
        ? `${file}:${entry.originalLine + 1}`
        : `${file}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
