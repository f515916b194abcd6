import type { SpectatorFrame } from '@garrison/live';
import type { MatchSnapshot } from '@garrison/game';
import WebSocket from 'ws';
import { ApiClient, webSocketUrl } from '../online/api.js';
import { StatusLine } from '../online/status-line.js';
import { UsageError } from '../errors.js';
import type { Command } from './command.js';
import { parseStrict } from './parse.js';

/** `watch`: spectates a battle (/api/battles/{id}/live) as a status line until it ends. */
export const watchCommand: Command = {
  name: 'watch',
  usage: 'garrison-agent watch <battle id> [--url URL]',
  summary: 'spectate a live battle',
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
      let ended = false;
      ws.on('open', () => out.line(`watching battle ${id}`));
      ws.on('unexpected-response', (_req, res) => {
        out.line(`the server refused: HTTP ${res.statusCode}`);
        ws.terminate();
        resolve(1);
      });
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as SpectatorFrame;
        if (frame.type === 'frame') out.status(describe(frame));
        else if (frame.type === 'round-end') out.line(`round ${frame.round} over at tick ${frame.tick}`);
        else {
          ended = true;
          out.clear();
          for (const p of frame.results?.places ?? [])
            out.line(`  ${p.place}. ${p.name}  ${p.score.toFixed(1)}`);
          ws.close(1000);
        }
      });
      ws.on('error', () => {});
      ws.on('close', () => {
        out.clear();
        if (!ended) out.line('the stream closed before the battle ended');
        resolve(ended ? 0 : 1);
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
