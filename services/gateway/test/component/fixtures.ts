// Stand-in upstream services for gateway tests: real services built with the kit, with just enough
// routes to show what the gateway forwards.
import websocket from '@fastify/websocket';
import { Type } from 'typebox';
import type { ServiceDefinition } from '@garrison/kit';
import type { TestTokens } from '@garrison/kit/testing';

/** "auth": serves the test key set as its JWKS, and an open login route. */
export function authStandIn(tokens: TestTokens): ServiceDefinition {
  return {
    name: 'auth',
    setup: () => ({
      http: (app) => {
        app.get('/api/auth/jwks', async () => tokens.jwks);
        app.post(
          '/api/auth/login',
          { schema: { body: Type.Object({ login: Type.String() }) } },
          async (req) => ({ saw: req.body.login, userId: req.headers['x-user-id'] ?? null }),
        );
      },
    }),
  };
}

export interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** A service (named as a routed one, e.g. "users") that answers every request with what it received. */
export function echoService(
  name: string,
  prefix: string,
  opts: { delayMs?: number } = {},
): ServiceDefinition {
  return {
    name,
    setup: () => ({
      http: async (app) => {
        await app.register(websocket);
        app.get(`${prefix}/stream`, { websocket: true }, (socket, req) => {
          socket.send(
            JSON.stringify({ type: 'hello', userId: req.headers['x-user-id'] ?? null, url: req.url }),
          );
          socket.on('message', (data) => socket.send(`echo:${String(data)}`));
        });
        app.get(`${prefix}/slow`, async () => {
          await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
          return { slow: true };
        });
        app.get(
          `${prefix}/:id`,
          { schema: { params: Type.Object({ id: Type.String() }) } },
          async (req): Promise<Echo> => ({
            method: req.method,
            url: req.url,
            headers: req.headers,
          }),
        );
        app.post(`${prefix}/echo`, async (req): Promise<Echo> => ({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: req.body,
        }));
      },
    }),
  };
}
