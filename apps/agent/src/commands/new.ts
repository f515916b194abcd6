import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Command } from './command.js';
import { parseStrict } from './parse.js';

const TEMPLATES = new URL('../../templates/', import.meta.url);
const BOT_API = createRequire(import.meta.url).resolve('@garrison/bot-api');
/** The bot API's types, copied next to the bot: an editor outside the repository resolves them. */
export const BOT_API_TYPES_FILE = 'garrison-bot-api.d.ts';

/**
 * `new`: a starter bot from a template, plus a tsconfig.json and the bot API's types beside it,
 * so an editor gives completion and type errors with nothing installed.
 */
export const newCommand: Command = {
  name: 'new',
  usage: 'garrison-agent new <mybot.ts|mybot.js> [--force]',
  summary: 'write a starter bot, with a tsconfig.json so your editor knows @garrison/bot-api',
  async run(argv) {
    const { values, positionals } = parseStrict(argv, { force: { type: 'boolean' } });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('give exactly one file name');
    const extension = extname(file);
    if (extension !== '.ts' && extension !== '.js') throw new UsageError(`"${file}" must end in .ts or .js`);
    const target = resolve(file);
    if (!values.force && (await exists(target)))
      throw new UsageError(`${file} already exists (--force overwrites it)`);
    const folder = dirname(target);
    await mkdir(folder, { recursive: true });
    const template = await readFile(new URL(`starter${extension}`, TEMPLATES), 'utf8');
    await writeFile(target, template.replaceAll('__FILE__', basename(file)));
    const written = [file];
    // The types and tsconfig.json are shared by every bot in the folder: written once, kept after.
    await writeFile(join(folder, BOT_API_TYPES_FILE), await botApiDeclarations());
    written.push(join(dirname(file), BOT_API_TYPES_FILE));
    const tsconfig = join(folder, 'tsconfig.json');
    if (!(await exists(tsconfig))) {
      await writeFile(tsconfig, `${JSON.stringify(botTsconfig(), null, 2)}\n`);
      written.push(join(dirname(file), 'tsconfig.json'));
    }
    process.stdout.write(
      `wrote ${written.join(', ')}\n\nnext:\n  garrison-agent run ${file} builtin:tracker\n` +
        `  garrison-agent match ${file} builtin:sniper --seeds 1..20\n`,
    );
    return 0;
  },
};

/** tsconfig.json for a folder of bots: strict, no Node or DOM, `@garrison/bot-api` → the copied types. */
export function botTsconfig(): object {
  return {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noEmit: true,
      allowJs: true,
      checkJs: true,
      types: [],
      paths: { '@garrison/bot-api': [`./${BOT_API_TYPES_FILE}`] },
    },
    include: ['*.ts', '*.js'],
  };
}

/** The bot API module is types only: as a declaration file it reads the same. */
async function botApiDeclarations(): Promise<string> {
  const source = await readFile(BOT_API, 'utf8');
  return `// Copied by garrison-agent new from @garrison/bot-api: the types of the bot contract.\n${source}`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
