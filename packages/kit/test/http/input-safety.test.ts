import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type RunningService } from '../../src/index.js';
import { findControlCharacter } from '../../src/http/control-characters.js';
import { plainEnv, plainService } from '../fixtures/plain-service.js';
import { jsonOf } from '../helpers/json.js';

let svc: RunningService;
beforeAll(async () => {
  svc = await createService(plainService, plainEnv);
});
afterAll(() => svc.stop());

const post = (body: string) =>
  fetch(`${svc.httpUrl}/api/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('control characters are refused before validation and handlers', () => {
  it.each([
    ['NUL', '\\u0000'],
    ['escape', '\\u001b[31m'],
    ['bell', '\\u0007'],
    ['DEL', '\\u007f'],
  ])('when a body string holds %s, then 400 problem naming the field', async (_name, escaped) => {
    const res = await post(`{"name":"abc${escaped}","count":1}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await jsonOf(res)).toMatchObject({ status: 400, errors: [{ path: 'body/name' }] });
  });

  it('when a body string holds tab, line feed or carriage return, then it is accepted (multi-line text)', async () => {
    const res = await post('{"name":"line one\\r\\nline\\ttwo","count":1}');
    expect(res.status).toBe(201);
    expect((await jsonOf(res)).name).toBe('line one\r\nline\ttwo');
  });

  it('when a query string holds NUL or a line feed, then 400 naming the parameter', async () => {
    for (const q of ['%00', 'a%0Ab']) {
      const res = await fetch(`${svc.httpUrl}/api/search?query=${q}`);
      expect(res.status).toBe(400);
      expect(await jsonOf(res)).toMatchObject({ errors: [{ path: 'query/query' }] });
    }
  });

  it('when a path parameter holds NUL, then 400 before the handler', async () => {
    const res = await fetch(`${svc.httpUrl}/api/items/ab%00cd`);
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ errors: [{ path: 'params/id' }] });
  });

  it('finds control characters in nested arrays and in object keys', () => {
    expect(findControlCharacter({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'body', true)).toBe('body/a/1/c');
    expect(findControlCharacter({ 'k\u0001': 'v' }, 'body', true)).toBe('body/k\\u0001');
    expect(findControlCharacter({ a: ['fine\n'] }, 'body', true)).toBeUndefined();
  });
});

describe('JSON bodies are not type-coerced; query strings still are', () => {
  it('when a body gives a number for a string or a string for an integer, then 400 and nothing is created', async () => {
    const wrongName = await post('{"name":12345,"count":1}');
    expect(wrongName.status).toBe(400);
    expect(await jsonOf(wrongName)).toMatchObject({ errors: [{ path: 'body/name' }] });
    const wrongCount = await post('{"name":"abc","count":"4"}');
    expect(wrongCount.status).toBe(400);
    expect(await jsonOf(wrongCount)).toMatchObject({ errors: [{ path: 'body/count' }] });
  });

  it('when a query string carries a number, then it is parsed as one', async () => {
    const res = await fetch(`${svc.httpUrl}/api/search?query=tanks&limit=10`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ query: 'tanks', limit: 10 });
  });
});
