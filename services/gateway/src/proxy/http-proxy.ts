import type { FastifyReply, FastifyRequest } from 'fastify';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { problem } from '@garrison/kit';
import { noGatewayMetrics, type GatewayMetrics } from '../metrics.js';
import type { Upstreams, UpstreamLease } from '../upstream/upstreams.js';
import { clientResponseHeaders, upstreamRequestHeaders, type ForwardContext } from './headers.js';

// Errors that prove the request never reached a handler upstream, so repeating an idempotent one is safe.
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_ERRORS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const RETRYABLE_METHODS = new Set(['GET', 'HEAD']);
// Upstream answers that mean "I am not able to serve now" count against the instance's circuit.
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

export interface HttpProxyOptions {
  upstreams: Upstreams;
  timeoutMs: number;
  metrics?: GatewayMetrics;
}

export interface HttpProxy {
  forward(
    req: FastifyRequest,
    reply: FastifyReply,
    service: string,
    ctx: ForwardContext,
  ): Promise<FastifyReply>;
  close(): Promise<void>;
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
}

function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function createHttpProxy(opts: HttpProxyOptions): HttpProxy {
  const metrics = opts.metrics ?? noGatewayMetrics;
  const agent = new Agent({
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connect: { timeout: Math.min(opts.timeoutMs, 5_000) },
    keepAliveTimeout: 4_000,
  });

  async function attempt(
    lease: UpstreamLease,
    req: FastifyRequest,
    headers: Record<string, string>,
    signal: AbortSignal,
  ) {
    const body = hasBody(req) ? ((req.body as NodeJS.ReadableStream | undefined) ?? req.raw) : undefined;
    return undiciRequest(lease.baseUrl + req.url, {
      dispatcher: agent,
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body: body as Dispatcher.DispatchOptions['body'],
      signal,
    });
  }

  return {
    async forward(req, reply, service, ctx) {
      const headers = upstreamRequestHeaders(req.headers, ctx);
      const maxAttempts = RETRYABLE_METHODS.has(req.method) ? 2 : 1;
      // A client that hangs up mid-request cancels the upstream call too, so nothing keeps the
      // upstream connection (and the gateway's shutdown) waiting for an answer nobody will read.
      const clientGone = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) clientGone.abort();
      });
      let lease = await opts.upstreams.acquire(service);
      for (let n = 1; ; n++) {
        const started = process.hrtime.bigint();
        const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
          const res = await attempt(lease, req, headers, clientGone.signal);
          metrics.upstreamAnswered(service, String(res.statusCode), seconds());
          if (UNAVAILABLE_STATUSES.has(res.statusCode)) lease.failed();
          else lease.succeeded();
          return reply.code(res.statusCode).headers(clientResponseHeaders(res.headers)).send(res.body);
        } catch (err) {
          if (clientGone.signal.aborted) {
            // Not the upstream's fault (it was reachable) and nobody to answer: count it, end quietly.
            lease.succeeded();
            metrics.upstreamAnswered(service, 'client-closed', seconds());
            req.log.info({ service }, 'client closed the request before the answer');
            return reply.code(499).send();
          }
          lease.failed();
          const code = errorCode(err);
          if (code && TIMEOUT_ERRORS.has(code)) {
            metrics.upstreamAnswered(service, 'timeout', seconds());
            throw problem(
              504,
              'Gateway Timeout',
              `service ${service} did not answer within ${opts.timeoutMs} ms`,
              { service },
            );
          }
          if (!code || !CONNECTION_ERRORS.has(code)) throw err;
          metrics.upstreamAnswered(service, 'unreachable', seconds());
          req.log.warn(
            { err, service, instance: lease.instance.id, attempt: n },
            'upstream connection failed',
          );
          if (n >= maxAttempts) {
            throw problem(502, 'Bad Gateway', `service ${service} could not be reached`, { service });
          }
          lease = await opts.upstreams.acquire(service, lease.instance);
        }
      }
    },
    async close() {
      // Fastify has drained in-flight requests before this runs; what is left are idle sockets.
      await agent.destroy();
    },
  };
}
