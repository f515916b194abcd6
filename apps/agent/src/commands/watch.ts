import type { SpectatorFrame } from '@garrison/live';
import type { MatchSnapshot } from '@garrison/game';
import WebSocket from 'ws';
import { ApiClient, webSocketUrl } from '../online/api.js';
import { StatusLine } from '../online/status-line.js';
import { UsageError } from '../errors.js';
import type { Command } from './command.js';
import { parseStrict } from './parse.js';

/** The battle as the server's status messages carry it (GET /api/battles/{id}). */
interface BattleStatus {
  status: string;
  cancelReason?: string | null;
  participants?: Array<{ name: string; place: number | null; score: number | null; forfeited?: boolean }>;
}

/**
 * What /api/battles/{id}/live sends: engine frames of a live battle or of a broadcast (a tournament
 * battle replayed in real time before its result is revealed, ADR 240), and for every battle its
 * `status` on each change and finally its `result` (docs/battles.md), after which the server closes.
 */
type LiveMessage = SpectatorFrame | { type: 'status' | 'result'; battle: BattleStatus };

/** `watch`: spectates a battle (/api/battles/{id}/live) as a status line until it ends. */
export const watchCommand: Command = {
  name: 'watch',
  usage: 'garrison-agent watch <battle id> [--url URL]',
  summary:
    'spectate a battle (frames of a live or broadcast one, or the status of a hosted one) until it ends',
  async run(argv) {
    const { values, positionals } = parseStrict(argv, { url: { type: 'string' } });
    const [id, ...extra] = positionals;
    if (id === undefined || extra.length > 0) throw new UsageError('give exactly one battle id');
    const api = await ApiClient.fromConfig(values.url);
    const out = new StatusLine();
    const ws = new WebSocket(webSocketUrl(api.url, `/api/battles/${encodeURIComponent(id)}/live`), {
      headers: { authorization: `Bearer ${api.accessToken}` },
    });
    return await new Promise<number>((resolve) => {
      let code: number | undefined;
      let status = '';
      const end = (exitCode: number): void => {
        code = exitCode;
        ws.close(1000);
      };
      ws.on('open', () => out.line(`watching battle ${id}`));
      ws.on('unexpected-response', (_req, res) => {
        out.line(`the server refused: HTTP ${res.statusCode}`);
        ws.terminate();
        resolve(1);
      });
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as LiveMessage;
        switch (message.type) {
          case 'frame':
            return out.status(describe(message));
          case 'round-end':
            return out.line(`round ${message.round} over at tick ${message.tick}`);
          case 'battle-end':
            out.clear();
            for (const p of message.results?.places ?? [])
              out.line(`  ${p.place}. ${p.name}  ${p.score.toFixed(1)}`);
            return end(0);
          case 'status':
            if (message.battle.status !== status) out.line(`battle ${(status = message.battle.status)}`);
            return;
          case 'result':
            // A hosted battle has no frames: its places come with the result.
            out.clear();
            if (message.battle.status !== 'finished') {
              out.line(
                `battle ${message.battle.status}: ${message.battle.cancelReason ?? 'no reason given'}`,
              );
              return end(1);
            }
            for (const p of [...(message.battle.participants ?? [])].sort(
              (a, b) => (a.place ?? 0) - (b.place ?? 0),
            ))
              out.line(
                `  ${p.place}. ${p.name}  ${(p.score ?? 0).toFixed(1)}${p.forfeited ? ' (forfeit)' : ''}`,
              );
            return end(0);
          default:
            return; // newer message types: ignored
        }
      });
      ws.on('error', () => {});
      ws.on('close', () => {
        out.clear();
        if (code === undefined) out.line('the stream closed before the battle ended');
        resolve(code ?? 1);
      });
    });
  },
};

function describe(frame: SpectatorFrame): string {
  const state = frame.state as MatchSnapshot | undefined;
  const tanks = (state?.tanks ?? [])
    .map((t, i) => `${state?.participants[i]?.name ?? i} ${t.alive ? t.energy.toFixed(0) : '✝'}`)
    .join(' · ');
  return `round ${frame.round} · tick ${frame.tick} · ${tanks}`;
}
