import { loadBots, type BotArgument } from '../bot-specs.js';
import { ApiClient } from '../online/api.js';
import { PlayClient } from '../online/play-client.js';
import { StatusLine } from '../online/status-line.js';
import { UsageError } from '../errors.js';
import type { Command } from './command.js';
import { parseStrict } from './parse.js';

/** `play`: connects to the server and plays the live battles offered to this user with the bot. */
export const playCommand: Command = {
  name: 'play',
  usage: 'garrison-agent play <bot.js|bot.ts|builtin:name> | --stdio "<command>"  [--once] [--url URL]',
  summary: 'play live battles on the server with a local bot (reconnects and resumes)',
  async run(argv) {
    const { values, positionals } = parseStrict(argv, {
      stdio: { type: 'string' },
      once: { type: 'boolean' },
      url: { type: 'string' },
    });
    const args: BotArgument[] = positionals.map((value) => ({ kind: 'path', value }));
    if (values.stdio !== undefined) args.push({ kind: 'stdio', value: values.stdio });
    if (args.length !== 1) throw new UsageError('give exactly one bot (a file, builtin:<name> or --stdio)');
    const [bot] = await loadBots(args);
    const api = await ApiClient.fromConfig(values.url);
    let first = true;
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await new PlayClient({
        url: api.url,
        bot: bot!,
        out: new StatusLine(),
        once: values.once ?? false,
        signal: controller.signal,
        // A reconnect after a long battle may find the access token expired: refresh it then.
        token: async () => {
          if (!first) await api.refresh().catch(() => false);
          first = false;
          return api.accessToken;
        },
      }).run();
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
