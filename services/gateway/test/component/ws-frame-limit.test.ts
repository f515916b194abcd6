// A service's WebSocket frame limit seen through the gateway's tunnel: the client must get the
// service's 1009 close frame, not a reset, even while it is still sending the oversized frame.
import { needsPostgres, startTestService, testTokens, type TestTokens } from '@garrison/kit/testing';
import { registerWebSockets, WS_MAX_PAYLOAD, type ServiceDefinition } from '@garrison/kit';
import type {} from '@fastify/websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gatewayService } from '../../src/service.js';
import { authStandIn } from './fixtures.js';

const pg = await needsPostgres();
const ISSUER = { issuer: 'garrison', audience: 'garrison' };

/** "notifications" with a stream that, like the real one, takes frames of at most WS_MAX_PAYLOAD.stream. */
const streamService: ServiceDefinition = {
  name: 'notifications',
  setup: () => ({
    http: async (app) => {
      await registerWebSockets(app, WS_MAX_PAYLOAD.stream);
      app.get('/api/notifications/stream', { websocket: true }, (socket) => {
        socket.on('message', () => {});
      });
    },
  }),
};

describe.skipIf(!pg)('gateway: a WebSocket frame over the service limit', () => {
  let tokens: TestTokens;
  const started: { url: string; stop(): Promise<void> }[] = [];
  let gatewayUrl: string;

  beforeAll(async () => {
    tokens = await testTokens();
    const auth = await startTestService(authStandIn(tokens));
    const notifications = await startTestService(streamService);
    started.push(auth, notifications);
    const gateway = await startTestService(gatewayService, {
      env: {
        GARRISON_SERVICES: JSON.stringify({
          auth: { http: auth.url },
          notifications: { http: notifications.url },
        }),
        GARRISON_RATE_LIMIT: 'off',
      },
    });
    started.push(gateway);
    gatewayUrl = gateway.url;
  });

  afterAll(async () => {
    for (const svc of started.reverse()) await svc.stop();
  });

  it('when a client sends a 20 MiB frame through the gateway, then it is closed with the service’s 1009', async () => {
    const token = await tokens.sign({ sub: 'user-1', roles: ['player'] }, ISSUER);
    const ws = new WebSocket(`${gatewayUrl.replace('http', 'ws')}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(Buffer.alloc(20 * 1024 * 1024));
    expect(await closed).toBe(1009);
  });
});
