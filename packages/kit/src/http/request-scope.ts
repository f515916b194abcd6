import { AsyncLocalStorage } from 'node:async_hooks';
import type { Identity } from './identity.js';

/**
 * What outgoing calls made while handling a request must carry along:
 * the caller's identity (forwarded to other services) and the incoming trace context.
 */
export interface RequestScope {
  requestId: string;
  identity?: Identity;
  /** The verified access token that proved `identity`: forwarded on outgoing gRPC calls (ADR 152). */
  token?: string;
  traceparent?: string;
  tracestate?: string;
  /** Epoch ms by which the caller wants an answer (from an incoming gRPC deadline); outgoing calls never outlive it. */
  deadline?: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Runs `fn` with `scope` visible to everything it calls, synchronously or asynchronously. */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The request path without its query string: query values (tokens, e-mail addresses) stay out of logs and bodies. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
