// Regenerates src/builtin-sources.ts from bots/*.js: `npx tsx packages/game/scripts/embed-bots.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { BOTS_IN_ORDER, renderBuiltinSources } from './render-builtin-sources.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}src/builtin-sources.ts`;
const sources = Object.fromEntries(
  BOTS_IN_ORDER.map((name) => [name, readFileSync(`${root}bots/${name}.js`, 'utf8')]),
) as Record<(typeof BOTS_IN_ORDER)[number], string>;
const options = (await resolveConfig(target)) ?? {};
writeFileSync(target, await format(renderBuiltinSources(sources), { ...options, filepath: target }));
console.log(`embedded ${BOTS_IN_ORDER.length} bots into src/builtin-sources.ts`);
