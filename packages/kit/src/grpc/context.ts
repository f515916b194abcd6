import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ConnectError, type HandlerContext, type Interceptor } from '@connectrpc/connect';
import type { Identity } from '../http/identity.js';
import { currentRequestScope, runInRequestScope } from '../http/request-scope.js';
import { bearerTokenOf, type IdentityGuard } from '../identity/guard.js';

const tracer = trace.getTracer('@garrison/kit/grpc');

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

/**
 * The end user on whose behalf this RPC is made, proven by the access token the caller forwarded
 * (verified by the server interceptor); undefined for system calls and for an unproven claim.
 */
export function callerOf(_ctx: HandlerContext): Identity | undefined {
  return currentRequestScope()?.identity;
}

/**
 * Server side: verifies the forwarded access token (ADR 152) and makes the caller's identity and
 * trace context the scope of the handler, so RPCs the handler makes in turn carry them further.
 * Without a guard (tests of the plumbing) no identity is accepted at all.
 */
export function serverScopeInterceptor(guard?: IdentityGuard): Interceptor {
  return (next) => async (req) => {
    const token = bearerTokenOf({ authorization: req.header.get('authorization') ?? undefined }, '', false);
    const verified = guard ? await guard.identityOf(token) : undefined;
    const carrier: Record<string, string> = {};
    req.header.forEach((v, k) => (carrier[k] = v));
    const parent = propagation.extract(context.active(), carrier);
    const timeoutMs = parseGrpcTimeout(req.header.get('grpc-timeout'));
    const scope = {
      deadline: timeoutMs === undefined ? undefined : Date.now() + timeoutMs,
      requestId: req.header.get('x-request-id') ?? randomUUID(),
      identity: verified ? { userId: verified.userId, roles: verified.roles } : undefined,
      token: verified ? token : undefined,
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
 * Client side: forwards the current request's access token (the callee verifies it: identity is
 * never taken on a caller's word), its request id, and W3C trace context (from the active span, or
 * the incoming `traceparent` when tracing is off).
 */
export function clientContextInterceptor(): Interceptor {
  return (next) => async (req) => {
    const scope = currentRequestScope();
    if (scope?.token && !req.header.has('authorization'))
      req.header.set('authorization', `Bearer ${scope.token}`);
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
