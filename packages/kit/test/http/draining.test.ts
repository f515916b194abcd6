import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpApp } from '../../src/http/app.js';
import { beginLeaving, closeHttpApp } from '../../src/http/draining.js';

describe('a service leaving and draining', () => {
  let app: HttpApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const start = async (handler: () => Promise<unknown>) => {
    app = await createHttpApp({
      name: 'drain-test',
      log: pino({ level: 'silent' }),
      metrics: new Registry(),
    });
    app.get('/work', handler);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    return `http://127.0.0.1:${port}/work`;
  };

  it('when it is out of discovery, then answers still come and each asks the client to reconnect', async () => {
    const url = await start(async () => ({ ok: true }));
    const before = await fetch(url);
    expect(before.headers.get('connection')).not.toBe('close');
    beginLeaving(app!);
    const after = await fetch(url);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ ok: true });
    expect(after.headers.get('connection')).toBe('close');
  });

  it('when it drains, then a request in flight is answered and a new one gets 503 + Retry-After', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived = () => {};
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    let calls = 0;
    const url = await start(async () => {
      if (++calls > 1) return { reachedTheHandler: true };
      arrived();
      await held;
      return { ok: true };
    });
    const first = fetch(url);
    await inFlight;
    const closing = closeHttpApp(app!);
    // The listener is closed, so a newcomer reaches the draining hook only through the router.
    const late = await app!.inject({ method: 'GET', url: '/work' });
    release(); // before any expectation, so a failure cannot leave the drain waiting for ever
    expect(late.statusCode).toBe(503);
    expect(late.headers['retry-after']).toBe('1');
    expect(late.headers['content-type']).toContain('application/problem+json');
    const answered = await first;
    expect(answered.status).toBe(200);
    expect(answered.headers.get('connection')).toBe('close');
    await closing;
    app = undefined;
  });
});
