import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per service instance (tests run several services in one process).
 * Default metrics include process CPU/memory, GC and event-loop lag (`nodejs_eventloop_lag_*`).
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}
