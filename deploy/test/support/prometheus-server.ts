/** A real Prometheus (Debian's binary) on a free port, with a given configuration, for the deploy tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '@garrison/kit/testing';
import { parse, stringify } from 'yaml';
import { freePort } from '../../src/ports.js';

export interface PrometheusServer {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

export interface QueryAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: unknown[] };
}

export async function startPrometheus(config: object): Promise<PrometheusServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'garrison-prometheus-'));
  await writeFile(path.join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`${url}/-/ready`)).ok || child.exitCode !== null, {
      timeoutMs: 30_000,
      message: 'Prometheus ready',
    });
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}:\n${output}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, dir, stop };
}

/** An instant query; PromQL errors come back as `status: "error"` (HTTP 400/422), never thrown. */
export async function query(url: string, expr: string): Promise<QueryAnswer> {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr }),
  });
  return (await response.json()) as QueryAnswer;
}

/** Every PromQL expression a dashboard panel runs, with Grafana's variables filled in. */
export function withGrafanaVariables(expr: string, job: string, rateInterval = '30s'): string {
  return expr.replaceAll('$__rate_interval', rateInterval).replaceAll('$job', job);
}

/** The alerting rules of deploy/prometheus/alerts.yml. */
export function alertRules(): { alert: string; expr: string }[] {
  const text = readFileSync(new URL('../../prometheus/alerts.yml', import.meta.url), 'utf8');
  return (parse(text) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap(
    (g) => g.rules,
  );
}
