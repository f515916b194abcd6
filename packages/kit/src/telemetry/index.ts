export { createLogger } from './logger.js';
export { createMetricsRegistry } from './metrics.js';
export { startTracing, type Tracing } from './tracing.js';
