import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { Counter, Histogram, type Registry } from 'prom-client';

const BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function codeOf(err: unknown): string {
  return Code[ConnectError.from(err).code] ?? 'Unknown';
}

type Labels = { service: string; method: string; code: string };

function timed(
  requests: Counter<string>,
  duration: Histogram<string>,
  extra: Record<string, string>,
): Interceptor {
  return (next) => async (req) => {
    const started = process.hrtime.bigint();
    const observe = (code: string) => {
      const labels: Labels & Record<string, string> = {
        ...extra,
        service: req.service.typeName,
        method: req.method.name,
        code,
      };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    try {
      const res = await next(req);
      observe('OK');
      return res;
    } catch (err) {
      observe(codeOf(err));
      throw err;
    }
  };
}

/** RED metrics for the RPCs this service answers. */
export function serverMetricsInterceptor(registry: Registry): Interceptor {
  const requests = new Counter({
    name: 'rpc_server_requests_total',
    help: 'RPCs handled, by service, method and status code',
    labelNames: ['service', 'method', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'rpc_server_duration_seconds',
    help: 'RPC handling time, by service, method and status code',
    labelNames: ['service', 'method', 'code'],
    buckets: BUCKETS,
    registers: [registry],
  });
  return timed(requests, duration, {});
}

/** RED metrics for the RPCs this service makes (one observation per attempt). */
export function clientMetricsInterceptor(registry: Registry, target: string): Interceptor {
  const requests =
    (registry.getSingleMetric('rpc_client_requests_total') as Counter<string> | undefined) ??
    new Counter({
      name: 'rpc_client_requests_total',
      help: 'RPC attempts made, by target service, method and status code',
      labelNames: ['target', 'service', 'method', 'code'],
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric('rpc_client_duration_seconds') as Histogram<string> | undefined) ??
    new Histogram({
      name: 'rpc_client_duration_seconds',
      help: 'RPC attempt duration, by target service, method and status code',
      labelNames: ['target', 'service', 'method', 'code'],
      buckets: BUCKETS,
      registers: [registry],
    });
  return timed(requests, duration, { target });
}
