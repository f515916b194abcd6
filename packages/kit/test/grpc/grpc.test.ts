import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import {
  Health,
  HealthCheckRequestSchema,
  HealthCheckResponse_ServingStatus,
} from '@garrison/contracts/gen/grpc/health/v1/health_pb';
import { EchoService } from '@garrison/contracts/gen/garrison/testing/v1/echo_pb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type RunningService } from '../../src/index.js';
import { identityHeaders, testIdentityEnv, waitFor } from '../../src/testing/index.js';
import { attempts, echoCaller, echoRelay, echoServer, relayed } from '../fixtures/echo-service.js';
import { jsonOf } from '../helpers/json.js';

const quiet = { HTTP_PORT: '0', GRPC_PORT: '0', LOG_LEVEL: 'silent', ...testIdentityEnv };
let server: RunningService;
let caller: RunningService;

beforeAll(async () => {
  server = await createService(echoServer, quiet);
  caller = await createService(echoCaller, {
    ...quiet,
    GARRISON_SERVICES: JSON.stringify({ echo: { grpc: server.grpcUrl } }),
    // These tests provoke failures on purpose; the circuit breaker has its own test below.
    GRPC_BREAKER_FAILURES: '1000',
  });
});
afterAll(async () => {
  await caller?.stop();
  await server?.stop();
});

const key = () => randomUUID();

describe('gRPC client', () => {
  it('when a call outlives its deadline, then it fails with DEADLINE_EXCEEDED near the deadline', async () => {
    const echo = caller.ctx.grpcClient(EchoService, 'echo', { timeoutMs: 150, retries: 0 });
    const started = Date.now();
    const err = await echo
      .echo({ text: 'slow', delayMs: 2000, key: key() })
      .catch((e: unknown) => ConnectError.from(e));
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('when no deadline is given, then the default 2 s applies', async () => {
    const echo = caller.ctx.grpcClient(EchoService, 'echo', { retries: 0 });
    const started = Date.now();
    const err = await echo
      .echo({ text: 'slow', delayMs: 5000, key: key() })
      .catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.DeadlineExceeded);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('when an idempotent call meets UNAVAILABLE, then it is retried until it succeeds', async () => {
    const k = key();
    const res = await caller.ctx.grpcClient(EchoService, 'echo').echo({ text: 'hi', failTimes: 2, key: k });
    expect(res.text).toBe('hi');
    expect(res.attempt).toBe(3);
    expect(attempts.get(k)).toBe(3);
  });

  it('when an idempotent call keeps failing, then it gives up after 3 retries', async () => {
    const k = key();
    const err = await caller.ctx
      .grpcClient(EchoService, 'echo')
      .echo({ text: 'hi', failTimes: 100, key: k })
      .catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect(attempts.get(k)).toBe(4);
  });

  it('when a non-idempotent call meets UNAVAILABLE, then it is not retried', async () => {
    const k = key();
    const err = await caller.ctx
      .grpcClient(EchoService, 'echo')
      .shout({ text: 'hi', failTimes: 1, key: k })
      .catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect(attempts.get(k)).toBe(1);
  });

  it('when called inside an HTTP request with identity, then the identity and trace context are forwarded', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await fetch(`${caller.httpUrl}/api/relay?key=${key()}`, {
      headers: { ...identityHeaders('user-7', ['admin', 'player']), traceparent },
    });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.userId).toBe('user-7');
    expect(body.userRoles).toBe('admin,player');
    expect(body.traceparent).toContain('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('when a caller forges identity metadata or sends a token nobody signed, then the server sees no caller', async () => {
    const echo = caller.ctx.grpcClient(EchoService, 'echo');
    const forged = await echo.echo(
      { text: 'x', key: key() },
      { headers: { 'x-user-id': 'forged', 'x-user-roles': 'admin' } },
    );
    expect(forged.userId).toBe('');
    const garbage = await echo.echo(
      { text: 'x', key: key() },
      { headers: { authorization: 'Bearer a.b.c' } },
    );
    expect(garbage.userId).toBe('');
  });

  it('when called outside any request, then no identity is sent', async () => {
    const res = await caller.ctx.grpcClient(EchoService, 'echo').echo({ text: 'system', key: key() });
    expect(res.userId).toBe('');
  });

  it('when the target is not in discovery, then the call fails UNAVAILABLE with its name', async () => {
    const err = await caller.ctx
      .grpcClient(EchoService, 'nobody', { retries: 0 })
      .echo({ text: 'x', key: key() })
      .catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).message).toContain('"nobody"');
  });

  it('when calls were made, then rpc metrics are recorded on both sides', async () => {
    await caller.ctx.grpcClient(EchoService, 'echo').echo({ text: 'm', key: key() });
    const client = await caller.ctx.metrics.metrics();
    expect(client).toMatch(
      /rpc_client_requests_total\{target="echo",service="garrison.testing.v1.EchoService",method="Echo",code="OK"\} \d+/,
    );
    expect(client).toMatch(
      /rpc_client_requests_total\{target="echo",service="garrison.testing.v1.EchoService",method="Shout",code="Unavailable"\} \d+/,
    );
    const served = await server.ctx.metrics.metrics();
    expect(served).toMatch(
      /rpc_server_requests_total\{service="garrison.testing.v1.EchoService",method="Echo",code="OK"\} \d+/,
    );
    expect(served).toMatch(
      /rpc_server_duration_seconds_count\{service="garrison.testing.v1.EchoService",method="Echo",code="OK"\} \d+/,
    );
  });
});

describe('gRPC deadline propagation', () => {
  it('when a handler calls onward, then the onward call is cut at the incoming deadline, not its own 2 s', async () => {
    const relay = await createService(echoRelay, {
      ...quiet,
      GARRISON_SERVICES: JSON.stringify({ echo: { grpc: server.grpcUrl } }),
    });
    try {
      const client = createClient(EchoService, createGrpcTransport({ baseUrl: relay.grpcUrl! }));
      const k = key();
      const err = await client.echo({ text: 'deep', delayMs: 1500, key: k }, { timeoutMs: 300 }).then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(err?.code).toBe(Code.DeadlineExceeded);
      await waitFor(() => relayed.get(k), { timeoutMs: 2000 });
      expect(relayed.get(k)!.code).toBe('DeadlineExceeded');
      expect(relayed.get(k)!.ms).toBeLessThan(1000);
    } finally {
      await relay.stop();
    }
  });
});

describe('gRPC streams', () => {
  it('when a server stream is opened through ctx.grpcClient, then the unary deadline does not cut it', async () => {
    const health = caller.ctx.grpcClient(Health, 'echo', { timeoutMs: 100 });
    const abort = new AbortController();
    const stream = health.watch({ service: '' }, { signal: abort.signal })[Symbol.asyncIterator]();
    await new Promise((r) => setTimeout(r, 300));
    const first = await stream.next();
    expect(first.value?.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    abort.abort();
  });
});

describe('gRPC health', () => {
  const health = () => createClient(Health, createGrpcTransport({ baseUrl: server.grpcUrl! }));

  it('when the server is ready, then Health.Check says SERVING for the server and for its services', async () => {
    const h = health();
    const all = await h.check(create(HealthCheckRequestSchema, { service: '' }));
    expect(all.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    const echo = await h.check({ service: 'garrison.testing.v1.EchoService' });
    expect(echo.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
  });

  it('when asked about an unknown service, then NOT_FOUND', async () => {
    const err = await health()
      .check({ service: 'no.such.Service' })
      .catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.NotFound);
  });
});

describe('gRPC server stop', () => {
  it('when the server stops during a call, then the call still completes', async () => {
    const own = await createService(echoServer, quiet);
    const client = createClient(EchoService, createGrpcTransport({ baseUrl: own.grpcUrl! }));
    const inFlight = client.echo({ text: 'almost done', delayMs: 300, key: key() });
    await new Promise((r) => setTimeout(r, 100));
    const stopped = own.stop();
    expect((await inFlight).text).toBe('almost done');
    await stopped;
  });
});

describe('gRPC circuit breaker', () => {
  it('when an instance keeps failing, then calls fail fast until the cooldown lets a trial through', async () => {
    const breaking = await createService(echoCaller, {
      ...quiet,
      GARRISON_SERVICES: JSON.stringify({ echo: { grpc: server.grpcUrl } }),
      GRPC_BREAKER_FAILURES: '2',
      GRPC_BREAKER_COOLDOWN_MS: '300',
    });
    try {
      const echo = breaking.ctx.grpcClient(EchoService, 'echo', { retries: 0 });
      const k = key();
      const fail = () =>
        echo.shout({ text: 'x', failTimes: 1000, key: k }).then(
          () => undefined,
          (e: unknown) => ConnectError.from(e),
        );
      await fail();
      await fail();
      expect(attempts.get(k)).toBe(2);
      const fast = await fail();
      expect(fast?.code).toBe(Code.Unavailable);
      expect(fast?.message).toMatch(/circuit open/);
      expect(attempts.get(k)).toBe(2); // the server was not called
      await new Promise((r) => setTimeout(r, 350));
      const trial = await echo.echo({ text: 'back', key: key() });
      expect(trial.text).toBe('back');
    } finally {
      await breaking.stop();
    }
  });
});
