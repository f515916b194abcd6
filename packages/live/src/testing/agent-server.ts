import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AgentHubApi, SpectatorFrame } from '../contract.js';

export interface AgentServerOptions {
  hub: AgentHubApi;
  /** Access token → user id; the token comes as `Authorization: Bearer` or `?access_token=` (as at the gateway). */
  tokens: ReadonlyMap<string, string>;
  /** Plain HTTP routes for CLI tests (`METHOD /path` without the query). */
  http?: (req: IncomingMessage, res: ServerResponse, body: string) => boolean | Promise<boolean>;
}

export interface AgentServer {
  /** http://127.0.0.1:<port> */
  url: string;
  server: Server;
  /** Sends a frame to the spectators of a battle (`/api/battles/{id}/live`). */
  spectate(frame: SpectatorFrame): void;
  close(): Promise<void>;
}

function tokenOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (match?.[1]) return match[1];
  return new URL(req.url ?? '/', 'http://x').searchParams.get('access_token') ?? undefined;
}

/**
 * A minimal real HTTP + WebSocket server around a hub, standing in for the gateway and the
 * battles service in tests and benchmarks: `/api/agent` and `/api/battles/{id}/live`.
 */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const spectators = new Map<string, Set<WebSocket>>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      void Promise.resolve(options.http?.(req, res, body) ?? false).then((handled) => {
        if (handled) return;
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
      });
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const userId = options.tokens.get(tokenOf(req) ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const live = /^\/api\/battles\/([^/]+)\/live$/.exec(path);
    if (!userId || (path !== '/api/agent' && !live)) {
      socket.end(`HTTP/1.1 ${userId ? 404 : 401} ${userId ? 'Not Found' : 'Unauthorized'}\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!live) return options.hub.accept(ws, userId);
      const id = decodeURIComponent(live[1]!);
      const set = spectators.get(id) ?? new Set<WebSocket>();
      spectators.set(id, set.add(ws));
      ws.on('close', () => set.delete(ws));
      // As the battles service: the battle's status first, then the frames.
      ws.send(JSON.stringify({ type: 'status', battle: { id, status: 'running' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    spectate(frame) {
      const text = JSON.stringify(frame);
      for (const ws of spectators.get(frame.battleId) ?? []) ws.send(text);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
