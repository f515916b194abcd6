import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { HttpApp } from '../http/app.js';
import { sendProblem } from '../http/error-handler.js';
import { problemDocument } from '../http/problem.js';
import { pathOf } from '../http/request-scope.js';

export type CheckResult = 'ok' | string;
export type ReadinessCheck = () => Promise<CheckResult>;

const CHECK_TIMEOUT_MS = 1500;

/** A check that takes too long counts as failed: readiness must answer fast, especially when unhealthy. */
async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      check().catch((err: unknown) => (err as Error).message || String(err)),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(
  checks: Record<string, ReadinessCheck>,
): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => runCheck(checks[n]!)));
  const out = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
  return { ready: results.every((r) => r === 'ok'), checks: out };
}

/**
 * `/healthz` (alive), `/readyz` (dependencies reachable) and, unless `withMetrics` is false (a public
 * port), `/metrics` (Prometheus). Hidden from OpenAPI.
 */
export function registerOpsRoutes(
  app: HttpApp,
  metrics: Registry,
  checks: () => Record<string, ReadinessCheck>,
  withMetrics = true,
): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    const result = await readiness(checks());
    if (result.ready) return { status: 'ready', checks: result.checks };
    const failing = Object.entries(result.checks).filter(([, r]) => r !== 'ok');
    return sendProblem(
      reply,
      problemDocument(503, 'Not ready', failing.map(([n, r]) => `${n}: ${r}`).join('; '), pathOf(req.url), {
        checks: result.checks,
      }),
    );
  });

  if (withMetrics) registerMetricsRoute(app, metrics);
}

export function registerMetricsRoute(app: HttpApp, metrics: Registry): void {
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(metrics.contentType);
    return metrics.metrics();
  });
}

/** A listener of its own for `/metrics`, for a service whose HTTP port faces the internet. */
export async function startInternalMetrics(
  metrics: Registry,
  opts: { host: string; port: number },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?', 1)[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
