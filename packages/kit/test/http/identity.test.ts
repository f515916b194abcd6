import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type RunningService } from '../../src/index.js';
import { identityHeaders } from '../../src/testing/index.js';
import { plainEnv, plainService } from '../fixtures/plain-service.js';
import { jsonOf } from '../helpers/json.js';

let svc: RunningService;
beforeAll(async () => {
  svc = await createService(plainService, plainEnv);
});
afterAll(() => svc.stop());

const put = (headers: Record<string, string> = {}) =>
  fetch(`${svc.httpUrl}/api/admin`, { method: 'PUT', headers });

describe('identity from gateway headers', () => {
  it('when a request carries no identity, then requireRole answers 401 problem', async () => {
    const res = await put();
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await jsonOf(res)).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('when the caller lacks every listed role, then 403 problem naming the roles', async () => {
    const res = await put(identityHeaders('u1', ['player', 'worker']));
    expect(res.status).toBe(403);
    expect(await jsonOf(res)).toMatchObject({
      status: 403,
      detail: expect.stringContaining('"admin" or "owner"'),
    });
  });

  it('when the caller holds one of the roles, then the handler runs with its identity', async () => {
    const res = await put(identityHeaders('u2', ['player', 'owner']));
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ ok: 'u2' });
  });

  it('when requireAuth guards a route, then identityOf returns user id and trimmed roles', async () => {
    const anonymous = await fetch(`${svc.httpUrl}/api/me`);
    expect(anonymous.status).toBe(401);
    const res = await fetch(`${svc.httpUrl}/api/me`, {
      headers: { 'x-user-id': 'u3', 'x-user-roles': ' admin , player,,' },
    });
    expect(await jsonOf(res)).toEqual({ userId: 'u3', roles: ['admin', 'player'] });
  });
});
