import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

const startTimes = new WeakMap<object, bigint>();

/** Rate, errors, duration per route template (never per raw URL: that would explode cardinality). */
export function installRedMetrics(app: FastifyInstance, registry: Registry): void {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  app.addHook('onRequest', (req, _reply, done) => {
    startTimes.set(req, process.hrtime.bigint());
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const started = startTimes.get(req);
    const labels = {
      method: req.method,
      // routeOptions.url is the template ("/api/users/:id"); unmatched requests share one label.
      route: req.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    if (started !== undefined) duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    done();
  });
}
