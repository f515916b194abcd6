import { describe, expect, it } from 'vitest';
import {
  clientResponseHeaders,
  nextTraceparent,
  stripIdentityHeaders,
  upstreamRequestHeaders,
} from '../../src/proxy/headers.js';
import { withoutAccessToken } from '../../src/proxy/ws-proxy.js';

const ctx = { requestId: 'req-1', clientIp: '10.0.0.1', protocol: 'http', identity: undefined };

describe('forwarded headers', () => {
  it('when a caller sends identity headers, then they are removed whatever their case', () => {
    const headers: Record<string, string> = {
      'x-user-id': 'evil',
      'x-user-roles': 'admin',
      'x-user-anything': '1',
      accept: 'a',
    };
    stripIdentityHeaders(headers);
    expect(headers).toEqual({ accept: 'a' });
  });

  it('when the identity was verified, then the upstream gets exactly that identity', () => {
    const out = upstreamRequestHeaders(
      { 'x-user-id': 'forged', host: 'example.org' },
      {
        ...ctx,
        identity: {
          userId: 'u1',
          roles: ['player', 'worker'],
          issuedAt: 1_899_999_100,
          expiresAt: 1_900_000_000,
        },
      },
    );
    expect(out['x-user-id']).toBe('u1');
    expect(out['x-user-roles']).toBe('player,worker');
    expect(out['x-forwarded-host']).toBe('example.org');
    expect(out.host).toBeUndefined();
  });

  it('when a request carries cookies, then only a cookie-owning route (auth) forwards them; Set-Cookie only comes back from it', () => {
    const incoming = { cookie: 'garrison_refresh=secret', accept: 'a' };
    expect(upstreamRequestHeaders(incoming, ctx).cookie).toBeUndefined();
    expect(upstreamRequestHeaders(incoming, { ...ctx, cookies: true }).cookie).toBe(
      'garrison_refresh=secret',
    );
    const answer = { 'set-cookie': ['a=1'], 'content-type': 'application/json', connection: 'close' };
    expect(clientResponseHeaders(answer)).toEqual({ 'content-type': 'application/json' });
    expect(clientResponseHeaders(answer, true)).toEqual({
      'set-cookie': ['a=1'],
      'content-type': 'application/json',
    });
  });

  it('when the token expiry is known, then the upstream learns it (to end WebSockets then) and a forged one is dropped', () => {
    const out = upstreamRequestHeaders(
      { 'x-user-token-expires': '9999999999' },
      { ...ctx, identity: { userId: 'u1', roles: [], issuedAt: 1_899_999_100, expiresAt: 1_900_000_000 } },
    );
    expect(out['x-user-token-expires']).toBe('1900000000');
    const anonymous = upstreamRequestHeaders({ 'x-user-token-expires': '9999999999' }, ctx);
    expect(anonymous['x-user-token-expires']).toBeUndefined();
  });

  it('when hop-by-hop headers arrive, then they are not forwarded, including those named in Connection', () => {
    const out = upstreamRequestHeaders(
      {
        connection: 'keep-alive, x-secret-hop',
        'keep-alive': '5',
        'x-secret-hop': '1',
        'transfer-encoding': 'chunked',
        accept: 'json',
      },
      ctx,
    );
    expect(Object.keys(out).sort()).toEqual([
      'accept',
      'traceparent',
      'x-forwarded-for',
      'x-forwarded-proto',
      'x-request-id',
    ]);
  });

  it('when the caller already went through a proxy, then its address is appended to x-forwarded-for', () => {
    expect(upstreamRequestHeaders({ 'x-forwarded-for': '1.2.3.4' }, ctx)['x-forwarded-for']).toBe(
      '1.2.3.4, 10.0.0.1',
    );
  });
});

describe('trace context', () => {
  it('when the caller sent a valid traceparent, then the trace id and flags are kept and the parent span is new', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const next = nextTraceparent(incoming);
    expect(next).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(next).not.toBe(incoming);
  });

  it('when the traceparent is absent or malformed, then a new trace starts', () => {
    for (const bad of [undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      expect(nextTraceparent(bad)).toMatch(/^00-(?!0{32})[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
  });
});

describe('websocket query', () => {
  it('when a browser passed ?access_token=, then it is not forwarded but other parameters are', () => {
    expect(withoutAccessToken('/api/x/stream?access_token=abc&since=5')).toBe('/api/x/stream?since=5');
    expect(withoutAccessToken('/api/x/stream?access_token=abc')).toBe('/api/x/stream');
    expect(withoutAccessToken('/api/x/stream')).toBe('/api/x/stream');
  });
});
