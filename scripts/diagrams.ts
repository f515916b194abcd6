// `npm run diagrams`: renders every ```mermaid block of docs/*.md to docs/diagrams/<doc>-<n>.svg
// with mermaid's own renderer in Debian's Chromium (playwright-core, no browser download), and puts a
// link to the SVG under the block, so the diagrams read on any Markdown viewer. Each SVG records the
// SHA-256 of its source; `--check` (run by `npm run gen -- --check`) fails when a source changed
// and its SVG was not rendered again — without needing a browser.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOCS = `${root}docs/`;
const OUT = `${DOCS}diagrams/`;
const BLOCK = /```mermaid\n([\s\S]*?)```\n(\n?\[diagram as SVG\]\(diagrams\/[\w.-]+\.svg\)\n)?/g;

export interface Diagram {
  doc: string;
  file: string;
  source: string;
  hash: string;
}

const hashOf = (source: string) => createHash('sha256').update(source).digest('hex');
const HASH_MARK = /<!-- mermaid-source-sha256: ([0-9a-f]{64}) -->/;

export function findDiagrams(): Diagram[] {
  const diagrams: Diagram[] = [];
  for (const doc of readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    let n = 0;
    for (const m of readFileSync(DOCS + doc, 'utf8').matchAll(BLOCK)) {
      n += 1;
      const file = `${doc.replace(/\.md$/, '')}-${n}.svg`;
      diagrams.push({ doc, file, source: m[1]!, hash: hashOf(m[1]!) });
    }
  }
  return diagrams;
}

/** Diagrams whose SVG is missing or was rendered from another source. */
export function staleDiagrams(): Diagram[] {
  return findDiagrams().filter((d) => {
    const path = OUT + d.file;
    return !existsSync(path) || HASH_MARK.exec(readFileSync(path, 'utf8'))?.[1] !== d.hash;
  });
}

/** Puts `[diagram as SVG](diagrams/…)` under every block that lacks it. */
function linkDiagrams(): void {
  for (const doc of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(DOCS + doc, 'utf8');
    let n = 0;
    const linked = text.replace(BLOCK, (_all, source: string) => {
      n += 1;
      return `\`\`\`mermaid\n${source}\`\`\`\n\n[diagram as SVG](diagrams/${doc.replace(/\.md$/, '')}-${n}.svg)\n`;
    });
    if (linked !== text) writeFileSync(DOCS + doc, linked);
  }
}

async function render(diagrams: Diagram[]): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: `${root}node_modules/mermaid/dist/mermaid.min.js` });
    await page.evaluate(() => {
      (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({
        startOnLoad: false,
        deterministicIds: true,
        theme: 'default',
        securityLevel: 'strict',
      });
    });
    mkdirSync(OUT, { recursive: true });
    for (const d of diagrams) {
      const svg = await page.evaluate(
        async ({ id, source }) => {
          const m = (
            globalThis as unknown as { mermaid: { render(id: string, s: string): Promise<{ svg: string }> } }
          ).mermaid;
          return (await m.render(id, source)).svg;
        },
        { id: d.file.replace(/\W/g, '_'), source: d.source },
      );
      writeFileSync(OUT + d.file, `${svg}\n<!-- mermaid-source-sha256: ${d.hash} -->\n`);
      console.log(`diagrams: ${d.doc} → docs/diagrams/${d.file}`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = staleDiagrams();
    if (stale.length > 0) {
      console.error(
        `diagrams out of date (run \`npm run diagrams\`): ${stale.map((d) => d.file).join(', ')}`,
      );
      process.exit(1);
    }
  } else {
    linkDiagrams();
    await render(process.argv.includes('--all') ? findDiagrams() : staleDiagrams());
  }
}
