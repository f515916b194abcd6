/**
 * A second instance of one service of a running system: the same database, bus and discovery table
 * as the launcher's instance (`RunningSystem.serviceEnv`), its own HTTP port. Used to show that
 * scheduled work (a tournament's start, reminders, series editions) happens once across instances.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RunningSystem } from '@garrison/deploy/system';
import { freePort } from '@garrison/kit/ports';
import { waitFor } from '@garrison/kit/testing';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

export interface ExtraInstance {
  url: string;
  /** Its last output lines (to explain a failure). */
  tail(): string;
  /** `<name>_total`-style counters summed over every label set, from its /metrics. */
  metric(name: string, labelFilter?: (labels: string) => boolean): Promise<number>;
  stop(): Promise<void>;
}

export async function startExtraInstance(system: RunningSystem, service: string): Promise<ExtraInstance> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...system.serviceEnv(service), HTTP_PORT: String(port) };
  delete env.GRPC_PORT; // a gRPC server of its own is not needed (and its port is the first instance's)
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'services', service, 'src', 'main.ts')],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const tail = () => lines.slice(-40).join('\n');

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const gone = await Promise.race([
      exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 15_000)),
    ]);
    if (!gone) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}:\n${tail()}`);
        const res = await fetch(`${url}/readyz`).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, message: `a second ${service} instance ready` },
    );
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    url,
    tail,
    async metric(name, labelFilter = () => true) {
      const text = await (await fetch(`${url}/metrics`)).text();
      let total = 0;
      for (const line of text.split('\n')) {
        const m = /^(\w+)(\{[^}]*\})?\s+([0-9.eE+-]+)$/.exec(line);
        if (m && m[1] === name && labelFilter(m[2] ?? '')) total += Number(m[3]);
      }
      return total;
    },
    stop,
  };
}
