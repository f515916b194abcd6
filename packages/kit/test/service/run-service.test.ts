import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../src/testing/index.js';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const main = fileURLToPath(new URL('../fixtures/plain-main.ts', import.meta.url));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [tsx, main], {
    env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

describe('runService', () => {
  it('when SIGTERM arrives during a request, then the request completes and the process exits 0', async () => {
    const { child, output } = start({});
    const url = await waitFor(() => /"http":"(http:\/\/[^"]+)"/.exec(output())?.[1], {
      timeoutMs: 20_000,
      message: 'service did not start',
    });
    const inFlight = fetch(`${url}/api/slow`);
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(await exitCode(child)).toBe(0);
    expect(output()).toContain('stopped');
  });

  it('when a second signal arrives during the graceful stop, then the process exits at once', async () => {
    const { child, output } = start({});
    const url = await waitFor(() => /"http":"(http:\/\/[^"]+)"/.exec(output())?.[1], {
      timeoutMs: 20_000,
      message: 'service did not start',
    });
    const inFlight = fetch(`${url}/api/slow`).then(
      (r) => r.status,
      () => 'cut off',
    );
    await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(1);
    expect(await inFlight).not.toBe(200); // cut off (or refused), never completed
    expect(output()).toContain('second signal: exiting now');
  });

  it('when the configuration is invalid, then it exits 1 listing every problem', async () => {
    const { child, output } = start({ HTTP_PORT: 'eighty', GARRISON_BUS: 'kafka' });
    expect(await exitCode(child)).toBe(1);
    expect(output()).toMatch(/HTTP_PORT: expected an integer, got "eighty"/);
    expect(output()).toMatch(/GARRISON_BUS: expected "pgboss" or an amqp:\/\/ URL/);
  });
});
