/**
 * The http_sd endpoint Prometheus polls: `GET /targets[?service=<name>]` lists live instances from
 * the registry (etcd in cluster mode, the static table otherwise). Internal: it names internal
 * addresses, so it listens next to Prometheus and is never routed through the gateway.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Discovery } from '@garrison/kit';
import Fastify, { type FastifyInstance } from 'fastify';
import { targetGroups, type Lookup } from './targets.js';

export const resolveAll: Lookup = async (host) =>
  isIP(host) ? [host] : (await dnsLookup(host, { all: true })).map((a) => a.address);

export function sdServer(
  discovery: Pick<Discovery, 'list'>,
  options: { lookup?: Lookup; metricsPorts?: Record<string, number> } = {},
): FastifyInstance {
  const lookup = options.lookup ?? resolveAll;
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { service?: string } }>(
    '/targets',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { service: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' } },
          additionalProperties: false,
        },
      },
    },
    async (req) =>
      targetGroups(await discovery.list(), lookup, {
        ...(req.query.service !== undefined ? { service: req.query.service } : {}),
        ...(options.metricsPorts ? { metricsPorts: options.metricsPorts } : {}),
      }),
  );
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}
