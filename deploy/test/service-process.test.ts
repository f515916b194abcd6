import path from 'node:path';
import { waitFor } from '@garrison/kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceProcess } from '../src/child/service-process.js';
import { Log, RingSink } from '../src/log.js';
import { freePort } from '../src/ports.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const started: ServiceProcess[] = [];

async function fakeService(mode: string, stopTimeoutMs = 10_000) {
  const ring = new RingSink();
  const port = await freePort();
  const service = new ServiceProcess({
    name: 'fake',
    entry: 'deploy/test/fixtures/fake-service.ts',
    repoRoot: REPO_ROOT,
    env: { ...process.env, HTTP_PORT: String(port), FAKE_MODE: mode },
    httpUrl: `http://127.0.0.1:${port}`,
    log: new Log({ sink: ring, color: false, minLevel: 'debug', nameWidth: 6 }).source('fake'),
    readyTimeoutMs: 30_000,
    stopTimeoutMs,
  });
  started.push(service);
  return { service, ring, url: `http://127.0.0.1:${port}` };
}

const pidAnswering = async (url: string): Promise<number> =>
  Number(await (await fetch(`${url}/readyz`)).text());

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

describe('service process supervision', () => {
  it('when a ready service crashes, then it is restarted on the same port and the restart is logged', async () => {
    const { service, ring, url } = await fakeService('normal');
    await service.start();
    const firstPid = await pidAnswering(url);
    process.kill(firstPid, 'SIGKILL');

    const secondPid = await waitFor(
      async () => {
        const pid = await pidAnswering(url);
        return pid !== firstPid ? pid : undefined;
      },
      { timeoutMs: 20_000, message: 'restarted service answering' },
    );
    expect(secondPid).toBe(service.pid);
    expect(ring.tail()).toMatch(/fake {3}\| ERROR exited unexpectedly \(SIGKILL\); restarting in 1 s/);
  });

  it('when a service dies before it is ready, then the start fails with its own output and it is not restarted', async () => {
    const { service, ring } = await fakeService('crash-at-start');
    await expect(service.start()).rejects.toThrow(
      /fake did not become ready \(exit 3\)[\s\S]*config error: FAKE_SETTING is required/,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(ring.tail()).not.toContain('restarting');
  });

  it('when stopped, then the service gets SIGTERM and exits gracefully', async () => {
    const { service, ring, url } = await fakeService('normal');
    await service.start();
    await service.stop();
    expect(ring.tail()).toContain('stopping');
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
  });

  it('when a service ignores SIGTERM, then it is killed after the grace period', async () => {
    const { service, ring, url } = await fakeService('ignore-sigterm', 1_000);
    await service.start();
    await service.stop();
    expect(ring.tail()).toContain('ignoring SIGTERM');
    expect(ring.tail()).toContain('did not stop within 1 s; killing it');
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
  });
});
