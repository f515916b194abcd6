import { createInterface } from 'node:readline';
import { ApiError } from '../online/api.js';
import { loadConfig, saveConfig, serverUrl, subjectOf } from '../online/config.js';
import { UsageError } from '../errors.js';
import type { Command } from './command.js';
import { parseStrict } from './parse.js';

/** `login`: exchanges login + password for tokens at /api/auth/login and stores them. */
export const loginCommand: Command = {
  name: 'login',
  usage:
    'garrison-agent login [--url http://host:8080] [--user <login>]   (password: prompt, or stdin when piped)',
  summary: 'log in to a Garrison server and remember the session',
  async run(argv) {
    const { values, positionals } = parseStrict(argv, { url: { type: 'string' }, user: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError('login takes no positional arguments');
    const config = await loadConfig();
    const url = serverUrl(config, values.url);
    const login = values.user ?? process.env['GARRISON_USER'] ?? (await ask('login: ', false));
    const password = process.env['GARRISON_PASSWORD'] ?? (await ask('password: ', true));
    if (!login || !password) throw new UsageError('a login and a password are needed');
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    }).catch((error: Error) => {
      throw new Error(`cannot reach ${url}: ${error.message}`);
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
      throw new ApiError(
        response.status,
        `login refused: ${body.detail ?? body.title ?? `HTTP ${response.status}`}`,
      );
    }
    const session = (await response.json()) as { accessToken: string; refreshToken: string };
    const userId = subjectOf(session.accessToken);
    const file = await saveConfig({
      url,
      login,
      ...(userId ? { userId } : {}),
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
    });
    process.stdout.write(`logged in to ${url} as ${login}; session stored in ${file}\n`);
    return 0;
  },
};

/** One line from the terminal (not echoed for a password), or from piped stdin. */
async function ask(prompt: string, secret: boolean): Promise<string> {
  const terminal = Boolean(process.stdin.isTTY);
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal });
  if (secret && terminal) {
    // Print the prompt, then swallow the echo of what is typed.
    const writable = rl as unknown as { _writeToOutput: (s: string) => void };
    writable._writeToOutput = (s: string) => {
      if (s.includes(prompt)) process.stderr.write(prompt);
    };
  }
  try {
    if (!terminal) {
      for await (const line of rl) return line.trim();
      return '';
    }
    return await new Promise<string>((resolve) => rl.question(prompt, (answer) => resolve(answer.trim())));
  } finally {
    if (secret && terminal) process.stderr.write('\n');
    rl.close();
  }
}
