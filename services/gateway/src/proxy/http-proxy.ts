import type { FastifyReply, FastifyRequest } from 'fastify';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { problem } from '@garrison/kit';
import { noGatewayMetrics, type GatewayMetrics } from '../metrics.js';
import { affinityOf } from '../upstream/affinity.js';
import type { Upstreams, UpstreamLease } from '../upstream/upstreams.js';
import { clientResponseHeaders, upstreamRequestHeaders, type ForwardContext } from './headers.js';

// The connection was never made: nothing was sent, so any request may go to another instance
// (an instance killed a moment ago, still in discovery until its lease expires).
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
// The connection broke after the request may have been sent: repeating is safe only for idempotent methods.
const CONNECTION_ERRORS = new Set([
  ...CONNECT_ERRORS,
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_ERRORS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const RETRYABLE_METHODS = new Set(['GET', 'HEAD']);

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
      const retrySafe = RETRYABLE_METHODS.has(req.method);
      // A client that hangs up mid-request cancels the upstream call too, so nothing keeps the
      // upstream connection (and the gateway's shutdown) waiting for an answer nobody will read.
      const clientGone = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) clientGone.abort();
      });
      const affinity = affinityOf(service, req.method, req.url, ctx.identity?.userId);
      let lease = await opts.upstreams.acquire(service, undefined, affinity);
      for (let n = 1; ; n++) {
        const started = process.hrtime.bigint();
        const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
          const res = await attempt(lease, req, headers, clientGone.signal);
          metrics.upstreamAnswered(service, String(res.statusCode), seconds());
          // Any answer, 5xx included, proves the instance is reachable: only transport failures and
          // timeouts count against its circuit, so no request a caller can craft opens it (ADR 150).
          lease.succeeded();
          return reply
            .code(res.statusCode)
            .headers(clientResponseHeaders(res.headers, ctx.cookies))
            .send(res.body);
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
          if (!code || !CONNECTION_ERRORS.has(code)) {
            // A transport failure of another kind: an idempotent call may say so as a 502 below; any
            // other may or may not have been applied, which only the client can weigh (503 + Retry-After).
            if (RETRYABLE_METHODS.has(req.method)) throw err;
            metrics.upstreamAnswered(service, 'unreachable', seconds());
            req.log.warn({ err, service, instance: lease.instance.id }, 'upstream call failed');
            throw problem(503, 'Service Unavailable', `the call to service ${service} failed`, {
              service,
              retryAfterSeconds: 1,
            });
          }
          metrics.upstreamAnswered(service, 'unreachable', seconds());
          req.log.warn(
            { err, service, instance: lease.instance.id, attempt: n },
            'upstream connection failed',
          );
          // One more attempt, elsewhere, when it cannot repeat an effect; otherwise the client decides:
          // 503 + Retry-After says "not done or not known to be done, safe to try again shortly".
          const mayRetry = n < 2 && (retrySafe || CONNECT_ERRORS.has(code));
          if (!mayRetry) {
            if (!retrySafe)
              throw problem(503, 'Service Unavailable', `the connection to service ${service} broke`, {
                service,
                retryAfterSeconds: 1,
              });
            throw problem(502, 'Bad Gateway', `service ${service} could not be reached`, { service });
          }
          lease = await opts.upstreams.acquire(service, lease.instance, affinity);
        }
      }
    },
    async close() {
      // Fastify has drained in-flight requests before this runs; what is left are idle sockets.
      await agent.destroy();
    },
  };
}
