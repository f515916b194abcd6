import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type RunningService } from '../../src/index.js';
import { identityHeaders, testAccessToken, testTokens } from '../../src/testing/index.js';
import { plainEnv, plainService } from '../fixtures/plain-service.js';
import { jsonOf } from '../helpers/json.js';

let svc: RunningService;
beforeAll(async () => {
  svc = await createService(plainService, plainEnv);
});
afterAll(() => svc.stop());

const put = (headers: Record<string, string> = {}) =>
  fetch(`${svc.httpUrl}/api/admin`, { method: 'PUT', headers });

describe('identity proven by a verified access token (ADR 152)', () => {
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

  it('when requireAuth guards a route, then identityOf returns the user id and roles of the token', async () => {
    const anonymous = await fetch(`${svc.httpUrl}/api/me`);
    expect(anonymous.status).toBe(401);
    const res = await fetch(`${svc.httpUrl}/api/me`, { headers: identityHeaders('u3', ['admin', 'player']) });
    expect(await jsonOf(res)).toEqual({ userId: 'u3', roles: ['admin', 'player'] });
  });

  it('when a caller on the internal port forges x-user-id / x-user-roles, then 401 and the handler never runs', async () => {
    const forged = await put({ 'x-user-id': 'admin-id', 'x-user-roles': 'admin' });
    expect(forged.status).toBe(401);
    // Not even next to a valid token of someone else: the token's identity wins.
    const mixed = await fetch(`${svc.httpUrl}/api/me`, {
      headers: { ...identityHeaders('u4', ['player']), 'x-user-id': 'admin-id', 'x-user-roles': 'admin' },
    });
    expect(await jsonOf(mixed)).toEqual({ userId: 'u4', roles: ['player'] });
  });

  it('when the token is signed by a key nobody trusts, or has expired, then 401 saying why', async () => {
    const stranger = await testTokens();
    const alien = await stranger.sign(
      { sub: 'u5', roles: ['admin'] },
      { issuer: 'garrison', audience: 'garrison' },
    );
    const res = await put({ authorization: `Bearer ${alien}` });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).detail).toMatch(/unknown key/);
    const expired = testAccessToken('u6', ['admin'], { issuedAt: Math.floor(Date.now() / 1000) - 3600 });
    const late = await put({ authorization: `Bearer ${expired}` });
    expect(late.status).toBe(401);
    expect((await jsonOf(late)).detail).toMatch(/expired/);
  });

  it('when the user was revoked after the token was issued, then the token is refused; a newer one works', async () => {
    const issuedAt = Math.floor(Date.now() / 1000) - 10;
    const old = testAccessToken('u7', ['admin'], { issuedAt });
    expect((await put({ authorization: `Bearer ${old}` })).status).toBe(200);
    svc.ctx.revocations.apply([{ userId: 'u7', notBefore: issuedAt + 5 }]);
    const refused = await put({ authorization: `Bearer ${old}` });
    expect(refused.status).toBe(401);
    expect((await jsonOf(refused)).detail).toMatch(/revoked/);
    expect((await put(identityHeaders('u7', ['admin']))).status).toBe(200);
  });
});
