import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { ApiClient } from '../online/api.js';
import { UsageError } from '../errors.js';
import type { Command } from './command.js';
import { parseStrict } from './parse.js';

interface BotView {
  id: string;
  name: string;
  ownerId: string | null;
}
interface VersionView {
  id: string;
  version: number;
  status: 'valid' | 'invalid' | string;
  error?: string;
}

/** `push`: uploads the file as a new version of the bot named after it (created on first push). */
export const pushCommand: Command = {
  name: 'push',
  usage: 'garrison-agent push <bot.js|bot.ts> [--activate] [--name <bot name>] [--url URL]',
  summary: 'upload a new version of a bot (validated on the server)',
  async run(argv) {
    const { values, positionals } = parseStrict(argv, {
      activate: { type: 'boolean' },
      name: { type: 'string' },
      url: { type: 'string' },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('give exactly one bot file');
    const extension = extname(file);
    if (!['.js', '.mjs', '.ts', '.mts'].includes(extension))
      throw new UsageError(`"${file}" is not a .js or .ts file`);
    const source = await readFile(resolve(file), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(error.code === 'ENOENT' ? `bot file not found: ${file}` : error.message);
    });
    const name = values.name ?? basename(file, extension);
    const api = await ApiClient.fromConfig(values.url);
    const owner = api.userId;
    if (!owner) throw new Error('not logged in: run `garrison-agent login` first');

    const page = await api.request<{ items: BotView[] }>(
      'GET',
      `/api/bots?owner=${encodeURIComponent(owner)}&limit=200`,
    );
    let bot = page.items.find((b) => b.name === name);
    if (!bot) {
      bot = await api.request<BotView>('POST', '/api/bots', { name });
      process.stdout.write(`created bot "${name}" (${bot.id})\n`);
    }
    const version = await api.request<VersionView>('POST', `/api/bots/${bot.id}/versions`, {
      source,
      language: extension.includes('ts') ? 'ts' : 'js',
    });
    if (version.status !== 'valid') {
      process.stdout.write(
        `${name} version ${version.version}: ${version.status}${version.error ? ` — ${version.error}` : ''}\n`,
      );
      return 1;
    }
    process.stdout.write(`${name} version ${version.version}: valid (version id ${version.id})\n`);
    if (values.activate) {
      await api.request('POST', `/api/bots/${bot.id}/versions/${version.version}/activate`);
      process.stdout.write(`${name} version ${version.version} is now active\n`);
    }
    return 0;
  },
};
