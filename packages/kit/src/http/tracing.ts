import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tracingActive } from '../telemetry/tracing.js';
import { pathOf } from './request-scope.js';

const tracer = trace.getTracer('@garrison/kit/http');
const spans = new WeakMap<FastifyRequest, { span: Span; ctx: Context }>();

/**
 * A SERVER span per request, continuing the caller's W3C trace context. Done with hooks rather than
 * by patching `node:http`, which ESM imports make unreliable. Without the SDK (no OTLP endpoint)
 * spans and propagation would be no-ops, so the hooks are not installed at all: two fewer hooks and
 * a few allocations less on every request of every service (issue 17).
 */
export function installHttpTracing(app: FastifyInstance): void {
  if (!tracingActive()) return;
  app.addHook('onRequest', async (req) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      `${req.method} ${req.routeOptions.url ?? 'unmatched'}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'http.route': req.routeOptions.url ?? '',
          'url.path': pathOf(req.url),
        },
      },
      parent,
    );
    spans.set(req, { span, ctx: trace.setSpan(parent, span) });
  });
  app.addHook('onResponse', async (req, reply) => endSpan(req, reply));
}

function endSpan(req: FastifyRequest, reply: FastifyReply): void {
  const entry = spans.get(req);
  if (!entry) return;
  entry.span.setAttribute('http.response.status_code', reply.statusCode);
  if (reply.statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
  entry.span.end();
  spans.delete(req);
}

/** Runs `fn` with the request's span active (so logs carry its ids and outgoing calls continue it). */
export function withRequestSpan<T>(req: FastifyRequest, fn: () => T): T {
  const entry = spans.get(req);
  return entry ? context.with(entry.ctx, fn) : fn();
}

export function traceIdOf(req: FastifyRequest): string | undefined {
  const span = spans.get(req)?.span;
  return span?.isRecording() ? span.spanContext().traceId : undefined;
}
