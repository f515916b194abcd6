// `npm run bench:start` — `npm start` (the launcher, embedded PostgreSQL, every service) from nothing
// to "running", on a fresh data folder (first start: initdb, databases, migrations, web build reused)
// and again on the same folder (second start). Each step's time comes from the launcher's own log
// lines; the slowest are named. Results: bench/results/start.json.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const REPO = new URL('../../../', import.meta.url).pathname;
const READY = /Garrison is running at/;
// "08:12:47 postgres      | PostgreSQL ready on …", "… users | … ready on http://… (pid 123, 4.2 s)"
const LINE = /^\S+\s+(\S+)\s+\|\s+(.*)$/;

interface Step {
  source: string;
  line: string;
  atMs: number;
}

async function startOnce(
  dataDir: string,
  port: number,
): Promise<{ readyMs: number; steps: Step[]; serviceSeconds: Record<string, number> }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'deploy/src/start.ts')], {
    cwd: REPO,
    env: { ...process.env, GARRISON_DATA_DIR: dataDir, PORT: String(port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const steps: Step[] = [];
  const serviceSeconds: Record<string, number> = {};
  const readyMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not ready within 5 minutes')), 300_000);
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const atMs = performance.now() - started;
        const m = LINE.exec(line);
        if (m) {
          steps.push({ source: m[1]!, line: m[2]!, atMs });
          const ready = /ready on \S+ \(pid \d+, ([\d.]+) s\)/.exec(m[2]!);
          if (ready) serviceSeconds[m[1]!] = Number(ready[1]);
        }
        if (READY.test(line)) {
          clearTimeout(timer);
          resolve(atMs);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the launcher exited with ${code} before it was ready`)));
  });
  process.kill(-child.pid!, 'SIGINT');
  await new Promise((r) => child.once('exit', r));
  return { readyMs, steps, serviceSeconds };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'garrison-start-bench-'));
const port = 20_000 + Math.floor(Math.random() * 20_000);
try {
  const first = await startOnce(dataDir, port);
  const second = await startOnce(dataDir, port);
  const slowest = (run: typeof first) =>
    Object.entries(run.serviceSeconds)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([name, s]) => `${name} ${s.toFixed(1)} s`);
  const postgresReady = (run: typeof first) =>
    run.steps.find((s) => /PostgreSQL ready/.test(s.line))?.atMs ?? null;
  const results = {
    measuredAt: new Date().toISOString(),
    loadAverage: loadavg()[0],
    first: {
      readyMs: first.readyMs,
      postgresReadyMs: postgresReady(first),
      serviceSeconds: first.serviceSeconds,
    },
    second: {
      readyMs: second.readyMs,
      postgresReadyMs: postgresReady(second),
      serviceSeconds: second.serviceSeconds,
    },
  };
  console.log(
    `first start: ready after ${(first.readyMs / 1000).toFixed(1)} s (PostgreSQL at ${((postgresReady(first) ?? 0) / 1000).toFixed(1)} s); slowest services: ${slowest(first).join(', ')}`,
  );
  console.log(
    `second start: ready after ${(second.readyMs / 1000).toFixed(1)} s (PostgreSQL at ${((postgresReady(second) ?? 0) / 1000).toFixed(1)} s); slowest services: ${slowest(second).join(', ')}`,
  );
  await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('../../results/start.json', import.meta.url),
    JSON.stringify(results, null, 2) + '\n',
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
