import { ApiClient } from '../online/api.js';
import { subjectOf } from '../online/config.js';
import { UsageError } from '../errors.js';
import type { Command } from './command.js';
import { parseStrict } from './parse.js';

interface BattleRow {
  id: string;
  kind: string;
  status: string;
  mode?: string;
  live?: boolean;
  startsAt?: string;
  participants?: Array<{ name: string; userId: string | null; place: number | null; forfeited?: boolean }>;
}

/** `battles`: the user's battles (GET /api/battles?user=<my id>), newest first as the server lists them. */
export const battlesCommand: Command = {
  name: 'battles',
  usage: 'garrison-agent battles [--status scheduled|running|finished|cancelled] [--json] [--url URL]',
  summary: 'list your battles',
  async run(argv) {
    const { values, positionals } = parseStrict(argv, {
      status: { type: 'string' },
      json: { type: 'boolean' },
      url: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError('battles takes no positional arguments');
    const api = await ApiClient.fromConfig(values.url);
    // The server filters by a user id (there is no "me"): the one `login` stored, else the token's.
    const me = api.userId ?? subjectOf(api.accessToken);
    if (!me) throw new Error('not logged in: run `garrison-agent login` first');
    const query = new URLSearchParams({ user: me, ...(values.status ? { status: values.status } : {}) });
    const body = await api.request<BattleRow[] | { items: BattleRow[] }>('GET', `/api/battles?${query}`);
    const rows = Array.isArray(body) ? body : body.items;
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      process.stdout.write('no battles\n');
      return 0;
    }
    for (const b of rows) {
      const who = (b.participants ?? [])
        .map((p) => `${p.name}${p.place ? ` #${p.place}` : ''}${p.forfeited ? ' (forfeit)' : ''}`)
        .join(' vs ');
      process.stdout.write(
        `${b.id}  ${b.kind.padEnd(11)} ${b.status.padEnd(9)} ${b.live ? 'live  ' : 'hosted'}  ${b.startsAt ?? ''}  ${who}\n`,
      );
    }
    return 0;
  },
};
