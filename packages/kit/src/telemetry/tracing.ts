import type { Logger } from 'pino';

export interface Tracing {
  stop(): Promise<void>;
}

const noTracing: Tracing = { stop: async () => {} };
let active = false;

/** True once this process exports traces: without it, request spans are not even created. */
export function tracingActive(): boolean {
  return active;
}

/**
 * Starts OpenTelemetry with OTLP/HTTP export when an endpoint is configured; otherwise does nothing
 * (spans stay no-ops and cost nothing, and the SDK is not even loaded: it adds ~1 s to start-up).
 * One SDK per process: a second service in the same process (tests) reuses the first.
 */
export async function startTracing(
  service: string,
  endpoint: string | undefined,
  log: Logger,
): Promise<Tracing> {
  if (!endpoint || active) return noTracing;
  active = true;
  const [{ NodeSDK, resources }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const base = endpoint.replace(/\/$/, '');
  const sdk = new NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': service }),
    traceExporter: new OTLPTraceExporter({ url: `${base}/v1/traces` }),
    // HTTP and gRPC spans come from the kit's own hooks and interceptors (http/tracing.ts,
    // grpc/context.ts); the bus carries trace context in message headers.
    instrumentations: [],
  });
  sdk.start();
  log.info({ endpoint: base }, 'tracing exported over OTLP/HTTP');
  return {
    async stop() {
      active = false;
      await sdk.shutdown().catch((err: unknown) => log.warn({ err }, 'tracing shutdown failed'));
    },
  };
}
