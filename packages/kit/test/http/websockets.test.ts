import Fastify, { type FastifyInstance } from 'fastify';
import type {} from '@fastify/websocket';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeWhenTokenExpires,
  registerWebSockets,
  TOKEN_EXPIRES_HEADER,
  WS_CLOSE,
} from '../../src/http/websockets.js';

const LIMIT = 1024;

function closeOf(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('kit WebSockets: frame limit and token expiry', () => {
  let app: FastifyInstance;
  let url: string;
  const received: number[] = [];

  beforeAll(async () => {
    app = Fastify();
    await registerWebSockets(app, LIMIT);
    app.get('/stream', { websocket: true }, (socket, req) => {
      socket.on('message', (data: Buffer) => received.push(data.length));
      closeWhenTokenExpires(socket, req);
    });
    url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws') + '/stream';
  });
  afterAll(() => app.close());

  it('when a frame is larger than the limit, then the socket is closed with 1009 and the frame never reaches the handler', async () => {
    const ws = await open(url);
    const closed = closeOf(ws);
    ws.send(Buffer.alloc(LIMIT));
    ws.send(Buffer.alloc(LIMIT + 1));
    expect(await closed).toBe(1009);
    expect(received).toEqual([LIMIT]);
  });

  it('when the token that opened the socket expires, then the socket is closed with 4401', async () => {
    const expiresAt = Math.ceil(Date.now() / 1000) + 1;
    const ws = await open(url, { [TOKEN_EXPIRES_HEADER]: String(expiresAt) });
    expect(await closeOf(ws)).toBe(WS_CLOSE.tokenExpired);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
  });

  it('when the token has already expired, then the socket is closed at once', async () => {
    const ws = await open(url, { [TOKEN_EXPIRES_HEADER]: String(Math.floor(Date.now() / 1000) - 5) });
    expect(await closeOf(ws)).toBe(WS_CLOSE.tokenExpired);
  });
});
