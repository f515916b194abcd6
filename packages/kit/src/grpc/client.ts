import { setTimeout as sleep } from 'node:timers/promises';
import type { DescMethod, DescService } from '@bufbuild/protobuf';
import { MethodOptions_IdempotencyLevel } from '@bufbuild/protobuf/wkt';
import {
  Code,
  ConnectError,
  createClient,
  type CallOptions,
  type Client,
  type Interceptor,
  type Transport,
} from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import type { Registry } from 'prom-client';
import type { Discovery } from '../discovery/discovery.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { currentRequestScope } from '../http/request-scope.js';
import { clientContextInterceptor } from './context.js';
import { clientMetricsInterceptor } from './metrics.js';

export interface GrpcClientOptions {
  /** Deadline of one attempt of a unary call (default 2000 ms). Streams get none unless passed per call. */
  timeoutMs?: number;
  /** Extra attempts for idempotent methods on UNAVAILABLE / DEADLINE_EXCEEDED (default 3). */
  retries?: number;
}

export const DEFAULT_GRPC_TIMEOUT_MS = 2000;
const DEFAULT_RETRIES = 3;
const RETRYABLE = new Set([Code.Unavailable, Code.DeadlineExceeded]);

/** Methods marked `idempotency_level = NO_SIDE_EFFECTS | IDEMPOTENT` in the proto: safe to repeat. */
export function isIdempotent(method: DescMethod): boolean {
  return (
    method.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS ||
    method.idempotency === MethodOptions_IdempotencyLevel.IDEMPOTENT
  );
}

/** Full jitter: uniformly random in [0, min(cap, base·2^attempt)], so retrying clients do not stampede. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(1000, 50 * 2 ** attempt);
}

/**
 * Makes gRPC clients of other services, found through discovery at call time, with deadlines,
 * retries of idempotent calls, identity/trace forwarding and metrics. Holds the HTTP/2 sessions:
 * `close()` must run on stop (an open session keeps the process alive for about a minute).
 */
export class GrpcClients {
  private readonly sessions = new Map<
    string,
    { manager: Http2SessionManager; transport: Transport; breaker: CircuitBreaker }
  >();
  private readonly interceptorsByTarget = new Map<string, Interceptor[]>();
  private nextPick = 0;

  constructor(
    private readonly discovery: Discovery,
    private readonly metrics: Registry,
    private readonly breakerOptions: CircuitBreakerOptions = {},
  ) {}

  client<S extends DescService>(service: S, target: string, opts: GrpcClientOptions = {}): Client<S> {
    const base = createClient(service, this.transportFor(target));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_GRPC_TIMEOUT_MS;
    const retries = opts.retries ?? DEFAULT_RETRIES;
    const wrapped: Record<string, unknown> = {};
    for (const method of service.methods) {
      const call = (base as Record<string, (input: unknown, options?: CallOptions) => unknown>)[
        method.localName
      ];
      if (!call) continue;
      // Never wait longer than the request being served allows (deadline propagation).
      const withDeadline = (options: CallOptions | undefined): CallOptions => {
        const wanted = options?.timeoutMs ?? timeoutMs;
        const deadline = currentRequestScope()?.deadline;
        const left = deadline === undefined ? wanted : Math.min(wanted, deadline - Date.now());
        if (left <= 0)
          throw new ConnectError("the caller's deadline has already passed", Code.DeadlineExceeded);
        return { ...options, timeoutMs: left };
      };
      if (method.methodKind !== 'unary') {
        // A stream (e.g. watching a battle) lives as long as it is useful: no default deadline,
        // only one the caller passes for this call.
        wrapped[method.localName] = call;
        continue;
      }
      if (!isIdempotent(method) || retries === 0) {
        wrapped[method.localName] = async (input: unknown, options?: CallOptions) =>
          call(input, withDeadline(options));
        continue;
      }
      wrapped[method.localName] = async (input: unknown, options?: CallOptions) => {
        for (let attempt = 0; ; attempt++) {
          const callOptions = withDeadline(options); // throws once the caller's deadline has passed
          try {
            return await call(input, callOptions);
          } catch (err) {
            const code = ConnectError.from(err).code;
            if (attempt >= retries || !RETRYABLE.has(code) || options?.signal?.aborted) throw err;
            await sleep(backoffMs(attempt));
          }
        }
      };
    }
    return wrapped as Client<S>;
  }

  /** Aborts every HTTP/2 session so the process can exit. */
  close(): void {
    for (const { manager } of this.sessions.values()) manager.abort();
    this.sessions.clear();
  }

  private interceptors(target: string): Interceptor[] {
    let list = this.interceptorsByTarget.get(target);
    if (!list) {
      list = [clientContextInterceptor(), clientMetricsInterceptor(this.metrics, target)];
      this.interceptorsByTarget.set(target, list);
    }
    return list;
  }

  /** A transport that resolves `target` through discovery on every call and spreads calls over instances. */
  private transportFor(target: string): Transport {
    const pick = async (): Promise<Transport> => {
      const instances = (await this.discovery.resolve(target)).filter((i) => i.healthy && i.grpc);
      if (instances.length === 0) {
        throw new ConnectError(`no healthy gRPC instance of "${target}" in discovery`, Code.Unavailable);
      }
      const sessions = instances.map((i) => this.sessionFor(i.grpc!, target));
      // Prefer instances whose circuit is closed; when all are open, the pick fails fast.
      const usable = sessions.filter((x) => x.breaker.available);
      const pool = usable.length > 0 ? usable : sessions;
      return pool[this.nextPick++ % pool.length]!.transport;
    };
    return {
      unary: async (...args) => (await pick()).unary(...args),
      stream: async (...args) => (await pick()).stream(...args),
    };
  }

  private sessionFor(baseUrl: string, target: string) {
    let entry = this.sessions.get(baseUrl);
    if (!entry) {
      const manager = new Http2SessionManager(baseUrl, { idleConnectionTimeoutMs: 15_000 });
      const breaker = new CircuitBreaker(`${target} at ${baseUrl}`, this.breakerOptions);
      // The breaker sits innermost, so it sees each attempt and a fast failure is still counted in metrics.
      const interceptors = [...this.interceptors(target), breaker.interceptor()];
      const transport = createGrpcTransport({ baseUrl, sessionManager: manager, interceptors });
      entry = { manager, transport, breaker };
      this.sessions.set(baseUrl, entry);
    }
    return entry;
  }
}
