import { HIDDEN_ROUTE } from '../hidden.js';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Discovery } from '@garrison/kit';
import { problem } from '@garrison/kit';
import { routedServices } from '../routes.js';
import { mergeOpenApi, type OpenApiDocument } from './merge-openapi.js';

export const DEFAULT_ASYNCAPI_FILE = fileURLToPath(
  new URL('../../../../docs/asyncapi.json', import.meta.url),
);

export interface ApiDocsOptions {
  discovery: Discovery;
  cacheMs: number;
  asyncApiFile?: string;
  fetchTimeoutMs?: number;
}

/** Asks every routed service for its OpenAPI document; services that are not running are listed as missing. */
async function collect(discovery: Discovery, timeoutMs: number) {
  const docs: Array<{ service: string; doc: OpenApiDocument }> = [];
  const missing: string[] = [];
  await Promise.all(
    routedServices().map(async (service) => {
      const instance = (await discovery.resolve(service)).find((i) => i.healthy && i.http);
      if (!instance) return missing.push(service);
      try {
        const res = await fetch(`${instance.http!.replace(/\/+$/, '')}/openapi.json`, {
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) throw new Error(`status ${res.status}`);
        docs.push({ service, doc: (await res.json()) as OpenApiDocument });
      } catch {
        missing.push(service);
      }
    }),
  );
  docs.sort((a, b) => a.service.localeCompare(b.service));
  return mergeOpenApi(docs, missing.sort());
}

/**
 * `/docs` (Swagger UI), `/docs/openapi.json` and `/docs/json` (the merged document of every running
 * service), `/docs/asyncapi.json` (the event bus, generated into docs/ by the build).
 */
export async function registerApiDocs(
  app: FastifyInstance,
  opts: ApiDocsOptions,
): Promise<{ merged(): Promise<OpenApiDocument> }> {
  let cached: { at: number; doc: OpenApiDocument } | undefined;
  const merged = async () => {
    if (cached && Date.now() - cached.at < opts.cacheMs) return cached.doc;
    const doc = await collect(opts.discovery, opts.fetchTimeoutMs ?? 3_000);
    cached = { at: Date.now(), doc };
    return doc;
  };

  // Swagger UI reads `/docs/json` synchronously, so the merged document is fetched in a hook first.
  const forRequest = new WeakMap<object, OpenApiDocument>();
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    transformSpecificationClone: false,
    transformSpecification: (spec: Readonly<Record<string, unknown>>, req: FastifyRequest) =>
      forRequest.get(req.raw) ?? spec,
    uiHooks: {
      preHandler: async (req: FastifyRequest) => {
        if (req.url.split('?', 1)[0]?.match(/\/docs\/(json|yaml)$/)) forRequest.set(req.raw, await merged());
      },
    },
  });

  app.get('/docs/openapi.json', { schema: HIDDEN_ROUTE }, async () => merged());

  app.get('/docs/asyncapi.json', { schema: HIDDEN_ROUTE }, async (_req, reply) => {
    const file = opts.asyncApiFile ?? DEFAULT_ASYNCAPI_FILE;
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined)
      throw problem(404, 'Not Found', 'the AsyncAPI document has not been generated yet');
    return reply.type('application/json; charset=utf-8').send(text);
  });

  return { merged };
}
