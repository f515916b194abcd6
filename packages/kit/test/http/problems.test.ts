import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type RunningService } from '../../src/index.js';
import { plainEnv, plainService } from '../fixtures/plain-service.js';

let svc: RunningService;
beforeAll(async () => {
  svc = await createService(plainService, plainEnv);
});
afterAll(() => svc.stop());

async function call(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${svc.httpUrl}${path}`, { method, body: init.body, headers: init.headers });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    requestId: res.headers.get('x-request-id'),
    body: text ? JSON.parse(text) : undefined,
  };
}
const json = { 'content-type': 'application/json' };

describe('problem+json answers', () => {
  it('when the body breaks the schema, then 400 lists every problem with its path', async () => {
    const res = await call('POST', '/api/items', {
      body: JSON.stringify({ name: 'x', count: 0 }),
      headers: json,
    });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      instance: '/api/items',
    });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body/name', message: expect.stringMatching(/fewer than 3/) },
        { path: 'body/count', message: expect.stringMatching(/>= 1/) },
      ]),
    );
  });

  it('when a required field is missing, then its path names the field', async () => {
    const res = await call('POST', '/api/items', { body: JSON.stringify({ name: 'abc' }), headers: json });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body/count', message: expect.stringMatching(/required/) }]);
  });

  it('when the body has a property the schema forbids, then 400 names it (it is not silently dropped)', async () => {
    const res = await call('POST', '/api/items', {
      body: JSON.stringify({ name: 'abc', count: 1, admin: true }),
      headers: json,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'body/admin', message: expect.stringMatching(/additional properties/) },
    ]);
  });

  it('when a path parameter has the wrong format, then 400 names the parameter', async () => {
    const res = await call('GET', '/api/items/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('params/id');
  });

  it('when the body is not JSON, then 400 problem', async () => {
    const res = await call('POST', '/api/items', { body: '{"name":', headers: json });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(400);
  });

  it('when the route does not exist, then 404 problem', async () => {
    const res = await call('GET', '/api/nothing-here?x=1');
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 404,
      title: 'Not Found',
      detail: 'No route for GET /api/nothing-here',
      instance: '/api/nothing-here', // the query string (which may hold secrets) is not echoed
    });
  });

  it('when the body is larger than 1 MiB, then 413 problem', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 });
    const res = await call('POST', '/api/items', { body: big, headers: json });
    expect(res.status).toBe(413);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('when the media type is not supported, then 415 problem', async () => {
    const res = await call('POST', '/api/items', {
      body: '<item/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(res.status).toBe(415);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(415);
  });

  it('when a route throws problem(), then its status, title, detail and extensions are sent', async () => {
    const id = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    const res = await call('GET', `/api/items/${id}`);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Item is locked',
      status: 409,
      detail: `Item ${id} is locked`,
      instance: `/api/items/${id}`,
      lockedBy: 'someone',
      requestId: res.requestId,
    });
  });

  it('when a route fails unexpectedly, then 500 problem without the message or stack', async () => {
    const res = await call('GET', '/api/boom');
    expect(res.status).toBe(500);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 500, title: 'Internal Server Error' });
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain('secret');
    expect(raw).not.toContain('stack');
    expect(raw).not.toContain('.ts');
  });
});

describe('request ids', () => {
  it('when the caller sends x-request-id, then it is echoed and used in problems', async () => {
    const res = await call('GET', '/nope', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.requestId).toBe('abc-123');
    expect(res.body.requestId).toBe('abc-123');
  });

  it('when the caller sends none (or a malformed one), then a fresh id is generated and echoed', async () => {
    const a = await call('GET', '/healthz');
    const b = await call('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.requestId).not.toBe(b.requestId);
  });
});
