import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type RunningService } from '../../src/index.js';
import { plainEnv, plainService } from '../fixtures/plain-service.js';
import { jsonOf } from '../helpers/json.js';

let svc: RunningService;
beforeAll(async () => {
  svc = await createService(plainService, plainEnv);
});
afterAll(() => svc.stop());

describe('operational endpoints', () => {
  it('when the process runs, then /healthz answers 200', async () => {
    const res = await fetch(`${svc.httpUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ status: 'ok' });
  });

  it('when routes were called, then /metrics has RED series labelled by route template', async () => {
    await fetch(`${svc.httpUrl}/api/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"abcd","count":2}',
    });
    await fetch(`${svc.httpUrl}/api/items/1b4e28ba-2fa1-11d2-883f-0016d3cca427`);
    const res = await fetch(`${svc.httpUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('http_requests_total{method="POST",route="/api/items",status="201"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="/api/items/:id",status="409"} 1');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/api\/items",status="201"\}/,
    );
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
  });

  it('when /openapi.json is fetched, then it is OpenAPI 3.1 with the route schemas and without ops routes', async () => {
    const doc = await jsonOf(await fetch(`${svc.httpUrl}/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('plain');
    const post = doc.paths['/api/items'].post;
    expect(post.tags).toEqual(['items']);
    expect(post.summary).toBe('Create an item');
    expect(post.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['name', 'count'],
      properties: { name: { type: 'string', minLength: 3 }, count: { type: 'integer', minimum: 1 } },
    });
    expect(post.responses['201'].content['application/json'].schema.properties.count).toEqual({
      type: 'integer',
    });
    expect(doc.paths['/api/items/{id}'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      schema: { format: 'uuid' },
    });
    expect(post.responses.default.content['application/problem+json'].schema).toMatchObject({
      required: ['type', 'title', 'status'],
    });
    expect(Object.keys(doc.paths)).not.toContain('/healthz');
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });

  it('when a service without a database and bus checks is ready, then /readyz answers 200', async () => {
    const res = await fetch(`${svc.httpUrl}/readyz`);
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).status).toBe('ready');
  });
});
