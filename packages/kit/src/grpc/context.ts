import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ConnectError, type HandlerContext, type Interceptor } from '@connectrpc/connect';
import {
  identityHeadersOf,
  readIdentity,
  USER_ID_HEADER,
  USER_ROLES_HEADER,
  type Identity,
} from '../http/identity.js';
import { currentRequestScope, runInRequestScope } from '../http/request-scope.js';

const tracer = trace.getTracer('@garrison/kit/grpc');

function headerBag(h: Headers): Record<string, string | undefined> {
  return {
    [USER_ID_HEADER]: h.get(USER_ID_HEADER) ?? undefined,
    [USER_ROLES_HEADER]: h.get(USER_ROLES_HEADER) ?? undefined,
  };
}

const GRPC_TIMEOUT_UNITS: Record<string, number> = {
  H: 3_600_000,
  M: 60_000,
  S: 1000,
  m: 1,
  u: 0.001,
  n: 0.000001,
};

/** `grpc-timeout: 1500m` → 1500 (ms); undefined when absent or malformed. */
export function parseGrpcTimeout(value: string | null): number | undefined {
  const match = value ? /^(\d{1,8})([HMSmun])$/.exec(value) : null;
  return match ? Number(match[1]) * GRPC_TIMEOUT_UNITS[match[2]!]! : undefined;
}

/** The end user on whose behalf this RPC is made, as forwarded by the caller; undefined for system calls. */
export function callerOf(ctx: HandlerContext): Identity | undefined {
  return readIdentity(headerBag(ctx.requestHeader));
}

/**
 * Server side: makes the caller's identity and trace context the scope of the handler,
 * so RPCs the handler makes in turn carry them further.
 */
export function serverScopeInterceptor(): Interceptor {
  return (next) => async (req) => {
    const carrier: Record<string, string> = {};
    req.header.forEach((v, k) => (carrier[k] = v));
    const parent = propagation.extract(context.active(), carrier);
    const timeoutMs = parseGrpcTimeout(req.header.get('grpc-timeout'));
    const scope = {
      deadline: timeoutMs === undefined ? undefined : Date.now() + timeoutMs,
      requestId: req.header.get('x-request-id') ?? randomUUID(),
      identity: readIdentity(headerBag(req.header)),
      traceparent: req.header.get('traceparent') ?? undefined,
      tracestate: req.header.get('tracestate') ?? undefined,
    };
    return context.with(parent, () =>
      tracer.startActiveSpan(
        `${req.service.typeName}/${req.method.name}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'rpc.system': 'grpc',
            'rpc.service': req.service.typeName,
            'rpc.method': req.method.name,
          },
        },
        async (span) => {
          try {
            return await runInRequestScope(scope, () => next(req));
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: ConnectError.from(err).message });
            throw err;
          } finally {
            span.end();
          }
        },
      ),
    );
  };
}

/**
 * Client side: forwards the current request's identity (`x-user-id`, `x-user-roles`), its request id,
 * and W3C trace context (from the active span, or the incoming `traceparent` when tracing is off).
 */
export function clientContextInterceptor(): Interceptor {
  return (next) => async (req) => {
    const scope = currentRequestScope();
    if (scope?.identity && !req.header.has(USER_ID_HEADER)) {
      for (const [k, v] of Object.entries(identityHeadersOf(scope.identity))) req.header.set(k, v);
    }
    if (scope && !req.header.has('x-request-id')) req.header.set('x-request-id', scope.requestId);
    return tracer.startActiveSpan(
      `${req.service.typeName}/${req.method.name}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'rpc.system': 'grpc',
          'rpc.service': req.service.typeName,
          'rpc.method': req.method.name,
        },
      },
      async (span) => {
        const carrier: Record<string, string> = {};
        propagation.inject(context.active(), carrier);
        const traceparent = carrier.traceparent ?? scope?.traceparent;
        const tracestate = carrier.tracestate ?? scope?.tracestate;
        if (traceparent) req.header.set('traceparent', traceparent);
        if (tracestate) req.header.set('tracestate', tracestate);
        try {
          return await next(req);
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: ConnectError.from(err).message });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  };
}
