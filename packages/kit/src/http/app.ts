import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { refuseControlCharacters } from './control-characters.js';
import { installDraining } from './draining.js';
import { installProblemHandlers } from './error-handler.js';
import { registerOpenApi } from './openapi.js';
import { installRedMetrics } from './red-metrics.js';
import { readIdentity } from './identity.js';
import { installIdentityGuard, verifiedTokenOf, type IdentityGuard } from '../identity/guard.js';
import { pathOf, runInRequestScope } from './request-scope.js';
import { installHttpTracing, traceIdOf, withRequestSpan } from './tracing.js';
import { validatorCompiler } from './validators.js';

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
  /** Serve HTTPS with HTTP/2 (ALPN) and HTTP/1.1 as the fallback (WebSocket upgrades stay on 1.1). */
  tls?: TlsOptions;
  /**
   * Verifies each request's access token and sets the identity headers from it (ADR 152). Without it
   * (the gateway, which authenticates at the edge itself) identity headers are taken as they come.
   */
  identity?: IdentityGuard;
  /** Run handlers in a request scope for the calls they make (default true; see ServiceDefinition). */
  requestScope?: boolean;
}

/** PEM key and certificate (chain). */
export interface TlsOptions {
  key: string | Buffer;
  cert: string | Buffer;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A Fastify app with the kit's conventions; routes are added by the caller, then `ready()`. */
export async function createHttpApp(opts: HttpAppOptions): Promise<HttpApp> {
  // TLS switches Fastify to an HTTP/2 secure server; the route API is the same, so the app keeps
  // the HttpApp type (its raw request is an Http2ServerRequest, compatible for what services use).
  const server = opts.tls
    ? {
        http2: true,
        https: { allowHTTP1: true, key: opts.tls.key, cert: opts.tls.cert },
        forceCloseConnections: true,
      }
    : { forceCloseConnections: 'idle' as const };
  const app = Fastify({
    ...(server as { forceCloseConnections: 'idle' }),
    loggerInstance: opts.log as FastifyBaseLogger,
    // One log line per request, written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // An incoming id is honoured only when it looks like an id (it ends up in logs).
    genReqId: (req) => {
      const incoming = headerValue(req.headers['x-request-id']);
      return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Requests arriving while draining get a problem+json 503 from the hook below instead.
    return503OnClosing: false,
    // Time allowed to receive a whole request (headers + body): a slow client cannot hold a socket forever.
    requestTimeout: 30_000,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Every validation problem reported at once; unknown properties rejected where a schema says
  // `additionalProperties: false`, never dropped; JSON bodies never type-coerced (validators.ts).
  app.setValidatorCompiler(validatorCompiler());
  // Control characters in any string of params, query or body: 400 before validation and handlers.
  app.addHook('preValidation', refuseControlCharacters);

  // Hooks on every request take a callback rather than being async: no promise per hook per request.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  installDraining(app);
  installHttpTracing(app);
  if (opts.identity) installIdentityGuard(app, opts.identity);

  if (opts.requestScope ?? true) installRequestScope(app);
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url;
    const level = route !== undefined && QUIET_ROUTES.has(route) ? 'debug' : 'info';
    req.log[level](
      {
        method: req.method,
        path: pathOf(req.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        trace_id: traceIdOf(req),
      },
      'request',
    );
    done();
  });

  installRedMetrics(app, opts.metrics);
  installProblemHandlers(app);

  await registerOpenApi(app, opts.name, opts.version ?? '1.0.0');

  return app as unknown as HttpApp;
}

/** Outgoing calls made by the handler (gRPC clients) forward the caller's identity and trace context. */
function installRequestScope(app: FastifyInstance): void {
  app.addHook('preHandler', (req, _reply, done) => {
    const scope = {
      requestId: req.id,
      identity: readIdentity(req.headers),
      token: verifiedTokenOf(req),
      traceparent: headerValue(req.headers.traceparent),
      tracestate: headerValue(req.headers.tracestate),
    };
    withRequestSpan(req, () => runInRequestScope(scope, done));
  });
}
