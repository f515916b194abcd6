import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** The web app's entry for a standalone replay page (its player, its styles). */
const ENTRY = join(
  dirname(createRequire(import.meta.url).resolve('@garrison/web/package.json')),
  'src/replay-page.tsx',
);

/**
 * Writes one self-contained HTML page that plays `replayText` with the web app's ReplayPlayer:
 * the player and React are bundled from the web app's sources, the styles and the replay are
 * inlined, so the page works from a file:// URL with no server and no network.
 */
export async function writeReplayPage(path: string, replayText: string): Promise<void> {
  await writeFile(path, await renderReplayPage(replayText));
}

export async function renderReplayPage(replayText: string): Promise<string> {
  const bundle = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: 'replay-page',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const script = bundle.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  const styles = bundle.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Garrison replay</title>',
    `<style>${inlineSafe(styles, 'style')}</style>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    `<script type="application/json" id="garrison-replay">${inlineSafe(replayText, 'script')}</script>`,
    `<script>${inlineSafe(script, 'script')}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Text inside a raw-text element may not contain its closing tag: break any `</script` apart. */
function inlineSafe(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}
