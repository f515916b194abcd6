// Runs with the OpenTelemetry SDK on (one per process: vitest gives this file its own process).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createService, type RunningService } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { echoCaller, echoServer } from '../fixtures/echo-service.js';

const received: string[] = [];
let collector: Server;
let endpoint: string;
let server: RunningService;
let caller: RunningService;

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(`${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const env = { HTTP_PORT: '0', GRPC_PORT: '0', LOG_LEVEL: 'silent', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint };
  server = await createService(echoServer, env);
  caller = await createService(echoCaller, {
    ...env,
    GARRISON_SERVICES: JSON.stringify({ echo: { grpc: server.grpcUrl } }),
  });
});
afterAll(async () => {
  await caller?.stop();
  await server?.stop();
  collector?.close();
});

describe('tracing', () => {
  it('when a request with a traceparent calls another service, then both services export spans of that trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${caller.httpUrl}/api/relay?key=trace`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as { traceparent: string };
    // The callee got a traceparent of the same trace, with a new parent span id.
    expect(seen.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(seen.traceparent).not.toContain('00f067aa0ba902b7');

    // Stopping the service that started the SDK flushes the exporter.
    await caller.stop();
    await server.stop();
    const exported = await waitFor(() => received.filter((r) => r.startsWith('/v1/traces')).join('\n'), {
      timeoutMs: 5000,
    });
    expect(exported).toContain(traceId);
    expect(exported).toContain('GET /api/relay');
    expect(exported).toContain('garrison.testing.v1.EchoService/Echo');
  });

  it('when logging inside an active span, then the line carries its trace and span ids', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger('tracing-test', 'info', sink);
    trace.getTracer('test').startActiveSpan('work', (span) => {
      log.info('inside');
      span.end();
    });
    log.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({
      service: 'tracing-test',
      msg: 'inside',
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(inside!.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(outside!.trace_id).toBeUndefined();
  });
});
