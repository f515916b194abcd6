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
        // Like auth's cookie session: reads the browser's cookie and sets a new one.
        app.post('/api/auth/refresh', async (req, reply) => {
          reply.header('set-cookie', 'garrison_refresh=rotated; Path=/api/auth; HttpOnly; SameSite=Strict');
          return { cookie: req.headers.cookie ?? null };
        });
      },
    }),
  };
}

/** Options for an upstream that verifies tokens against `auth`'s JWKS, as every service does (ADR 152). */
export function trustingAuth(auth: { url: string }) {
  return { env: { GARRISON_SERVICES: JSON.stringify({ auth: { http: auth.url } }) } };
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
            JSON.stringify({
              type: 'hello',
              userId: req.headers['x-user-id'] ?? null,
              url: req.url,
              cookie: req.headers.cookie ?? null,
            }),
          );
          socket.on('message', (data) => socket.send(`echo:${String(data)}`));
        });
        // The service's own failure (a bug, a refused database write): an answer, not an outage.
        app.post(`${prefix}/fail`, async () => {
          throw new Error('simulated fault inside the service');
        });
        app.get(`${prefix}/slow`, async () => {
          await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
          return { slow: true };
        });
        // A service that tries to plant a cookie in the browser (the gateway must not let it).
        app.get(`${prefix}/planting`, async (req, reply) => {
          reply.header('set-cookie', 'garrison_refresh=planted; Path=/');
          return { method: req.method, url: req.url, headers: req.headers } satisfies Echo;
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
