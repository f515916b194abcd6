// Trace context crosses the bus: the consumer's span continues the trace that published the event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { needsPostgres, createTestDatabase, waitFor, type TestDatabase } from '../../src/testing/index.js';
import { onEvent } from '../../src/messaging/index.js';
import {
  createServiceDatabase,
  startNode,
  uniquePrefix,
  type ServiceDatabase,
  type TestNode,
} from './harness.js';

const postgres = await needsPostgres();

describe.skipIf(!postgres)('tracing over the bus', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  });
  let busDb: TestDatabase;
  let producerDb: ServiceDatabase;
  let consumerDb: ServiceDatabase;
  const nodes: TestNode[] = [];

  beforeAll(async () => {
    provider.register(); // W3C propagator + AsyncLocalStorage context manager, for this test process
    [busDb, producerDb, consumerDb] = await Promise.all([
      createTestDatabase('trace_bus'),
      createServiceDatabase('trace_p'),
      createServiceDatabase('trace_c'),
    ]);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await Promise.all([busDb, producerDb, consumerDb].map((d) => d?.drop()));
    await provider.shutdown();
  });

  it('when an event is published inside a span, then the handler runs in a child span of the same trace', async () => {
    const setup = { bus: 'pgboss', busDatabaseUrl: busDb.url, busPrefix: uniquePrefix() };
    let handlerTraceId: string | undefined;
    const consumer = onEvent({
      producer: 'kit-test',
      type: 'widget.created',
      versions: [1],
      async handle() {
        handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
      },
    });
    nodes.push(await startNode('kit-test-a', consumerDb, setup, { consumers: [consumer] }));
    const producer = await startNode('kit-test', producerDb, setup);
    nodes.push(producer);

    const requestSpan = await trace.getTracer('test').startActiveSpan('request', async (span) => {
      await producerDb.db.transaction().execute((tx) =>
        producer.messaging.bus.publish(tx, {
          type: 'widget.created',
          version: 1,
          data: { widgetId: 'w', seq: 1, name: 'traced' },
        }),
      );
      span.end();
      return span.spanContext();
    });

    const { rows } = await producerDb.pool.query<{ headers: Record<string, string> }>(
      'SELECT headers FROM kit_outbox',
    );
    expect(rows[0]?.headers.traceparent).toContain(requestSpan.traceId);
    await waitFor(async () => handlerTraceId !== undefined, { timeoutMs: 10_000 });
    expect(handlerTraceId).toBe(requestSpan.traceId);
    const processSpan = exporter.getFinishedSpans().find((s) => s.name === 'widget.created process');
    expect(processSpan?.parentSpanContext?.spanId).toBe(requestSpan.spanId);
  });
});
