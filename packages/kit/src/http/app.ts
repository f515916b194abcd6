import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { installProblemHandlers } from './error-handler.js';
import { installRedMetrics } from './red-metrics.js';
import { readIdentity } from './identity.js';
import { runInRequestScope } from './request-scope.js';

/** The Fastify instance services register routes on: TypeBox schemas drive validation, types and OpenAPI. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface HttpAppOptions {
  name: string;
  version?: string;
  log: Logger;
  metrics: Registry;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

const draining = new WeakSet<object>();

/**
 * Starts a graceful close: answers still in flight tell keep-alive clients to disconnect
 * (`connection: close`), so the drain does not wait for idle sockets to time out.
 */
export async function closeHttpApp(app: HttpApp): Promise<void> {
  draining.add(app.server);
  await app.close();
}

/** A Fastify app with the kit's conventions; routes are added by the caller, then `ready()`. */
export async function createHttpApp(opts: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: opts.log as FastifyBaseLogger,
    // One log line per request, written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // An incoming id is honoured only when it looks like an id (it ends up in logs).
    genReqId: (req) => {
      const incoming = headerValue(req.headers['x-request-id']);
      return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Report every validation problem at once, not just the first.
    ajv: { customOptions: { allErrors: true } },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onSend', async (_req, reply) => {
    if (draining.has(app.server)) reply.header('connection', 'close');
  });

  // Outgoing calls made by the handler (gRPC clients) forward the caller's identity and trace context.
  app.addHook('preHandler', (req, _reply, done) => {
    runInRequestScope(
      {
        requestId: req.id,
        identity: readIdentity(req.headers),
        traceparent: headerValue(req.headers.traceparent),
        tracestate: headerValue(req.headers.tracestate),
      },
      done,
    );
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url;
    const level = route !== undefined && QUIET_ROUTES.has(route) ? 'debug' : 'info';
    req.log[level](
      { method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  installRedMetrics(app, opts.metrics);
  installProblemHandlers(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: opts.name, version: opts.version ?? '1.0.0' },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app as unknown as HttpApp;
}
