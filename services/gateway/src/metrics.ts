import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the gateway adds to the kit's RED metrics: per upstream service, not per (catch-all) route. */
export interface GatewayMetrics {
  /** `status` is the upstream's HTTP status, or `timeout` / `unreachable`. */
  upstreamAnswered(service: string, status: string, seconds: number): void;
  rateLimited(client: 'user' | 'ip'): void;
  circuitRejected(service: string): void;
  tunnelOpened(): void;
  tunnelClosed(): void;
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const requests = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Requests forwarded to an upstream service, by service and outcome',
    labelNames: ['service', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gateway_upstream_duration_seconds',
    help: 'Time until the upstream answered (headers), by service',
    labelNames: ['service'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const limited = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Requests refused with 429, by kind of client',
    labelNames: ['client'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'gateway_circuit_rejections_total',
    help: 'Requests refused with 503 because every instance of the service had an open circuit',
    labelNames: ['service'] as const,
    registers: [registry],
  });
  const tunnels = new Gauge({
    name: 'gateway_websocket_tunnels',
    help: 'WebSocket connections currently proxied',
    registers: [registry],
  });
  return {
    upstreamAnswered(service, status, seconds) {
      requests.inc({ service, status });
      duration.observe({ service }, seconds);
    },
    rateLimited: (client) => limited.inc({ client }),
    circuitRejected: (service) => rejected.inc({ service }),
    tunnelOpened: () => tunnels.inc(),
    tunnelClosed: () => tunnels.dec(),
  };
}

/** For code paths (and tests) that run without a registry. */
export const noGatewayMetrics: GatewayMetrics = {
  upstreamAnswered: () => {},
  rateLimited: () => {},
  circuitRejected: () => {},
  tunnelOpened: () => {},
  tunnelClosed: () => {},
};
