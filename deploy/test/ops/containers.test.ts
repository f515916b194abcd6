/**
 * The image, for real: built with podman from deploy/Containerfile on a local Debian base, the
 * platform services started from it (as compose describes them) against the host's PostgreSQL,
 * RabbitMQ and an etcd of our own; the smoke path through the gateway container; a real Prometheus
 * finding every instance through the http_sd endpoint (itself a container) and answering every
 * dashboard and alert query with data for the core panels; then each container stopped gracefully
 * within the grace period.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startEtcdServer, type EtcdServer } from '@garrison/kit/etcd';
import { databaseUrl, dropDatabase, ensureDatabase } from '@garrison/kit/postgres';
import { needsEtcd, needsPostgres, needsRabbit, waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEnvironment } from '../../src/manifests/compose.js';
import { DASHBOARDS } from '../../src/manifests/dashboards.js';
import { prometheusConfig } from '../../src/manifests/render-prometheus.js';
import { GRACE_SECONDS, workloadOf, type Workload } from '../../src/manifests/workloads.js';
import { freePort } from '../../src/ports.js';
import { serviceByName } from '../../src/topology.js';
import { interpolateEnv } from '../support/compose-env.js';
import {
  buildImage,
  containerLogs,
  ensureBaseImage,
  REPO_ROOT,
  podmanOk,
  removeContainers,
  runContainer,
  stopContainer,
} from '../support/podman.js';
import {
  alertRules,
  query,
  startPrometheus,
  withGrafanaVariables,
  type PrometheusServer,
} from '../support/prometheus-server.js';
import { needsTools, run } from '../support/tools.js';

/** GARRISON_TEST_IMAGE names an image built beforehand (iterating on the tests); else it is built here. */
const PREBUILT = process.env.GARRISON_TEST_IMAGE;
const IMAGE = PREBUILT ?? 'localhost/garrison:test';
/** The platform profile: what the smoke path needs, in start waves. */
const WAVES = [['users', 'notifications'], ['auth'], ['gateway']];

const toolsReady = needsTools('container suite', [
  { name: 'podman', pkg: 'podman' },
  { name: 'runc', pkg: 'runc' },
  { name: 'debootstrap', pkg: 'debootstrap' },
  { name: 'prometheus', pkg: 'prometheus' },
]);
const postgres = toolsReady ? await needsPostgres() : null;
const rabbit = toolsReady ? await needsRabbit() : null;
const etcdBin = toolsReady ? needsEtcd() : null;
const ready = toolsReady && postgres !== null && rabbit !== null && etcdBin !== null;

/** Polls /readyz; gives up at once, with the container's output, if the container has exited. */
async function waitUntilReady(container: string, url: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    const state = await podmanOk(['inspect', '--format', '{{.State.Status}}', container]);
    const exited = state.stdout.trim() !== 'running';
    if (exited || Date.now() > deadline) {
      const logs = (await containerLogs(container)).slice(-4000);
      throw new Error(`${container} ${exited ? 'exited' : 'not ready in time'}:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Running {
  w: Workload;
  container: string;
  httpPort: number;
  grpcPort?: number;
  metricsPort: number;
}

describe.skipIf(!ready)('the Garrison image under podman, watched by Prometheus', () => {
  const run_ = randomBytes(3).toString('hex');
  const prefix = `deploy_${run_}_`;
  const adminPassword = `admin-${randomBytes(6).toString('hex')}`;
  const running = new Map<string, Running>();
  const containers: string[] = [];
  const databases: string[] = [];
  let etcd: EtcdServer;
  let etcdDir: string;
  let prometheus: PrometheusServer | undefined;
  let gatewayUrl: string;
  let sdPort: number;

  const pgUrl = postgres?.url ?? '';
  const start = async (name: string): Promise<Running> => {
    const w = workloadOf(serviceByName(name));
    const httpPort = await freePort();
    const grpcPort = w.spec.grpc ? await freePort() : undefined;
    const metricsPort = w.metricsPort === 8080 ? httpPort : await freePort();
    const entry: Running = { w, container: `garrison-${run_}-${name}`, httpPort, metricsPort };
    if (grpcPort !== undefined) entry.grpcPort = grpcPort;
    running.set(name, entry);
    // compose's environment, with the host's infrastructure in its variables (the host-infra profile)
    const vars: Record<string, string> = {
      GARRISON_BUS: rabbit!.url,
      GARRISON_ETCD: etcd.endpoint,
      BUS_PREFIX: prefix,
      LOG_LEVEL: 'info',
      GARRISON_ADMIN_PASSWORD: adminPassword,
      GARRISON_BUS_DATABASE_URL: databaseUrl(pgUrl, `${prefix}bus`),
    };
    if (w.spec.database)
      vars[`GARRISON_${name.toUpperCase()}_DATABASE_URL`] = databaseUrl(pgUrl, prefix + name);
    const env = interpolateEnv(serviceEnvironment(w), vars);
    // On the host network every container needs ports of its own, and binds loopback only.
    Object.assign(env, {
      HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      ...(grpcPort !== undefined ? { GRPC_PORT: String(grpcPort) } : {}),
      ...(metricsPort !== httpPort ? { METRICS_HOST: '127.0.0.1', METRICS_PORT: String(metricsPort) } : {}),
      GARRISON_SERVICES: '{}',
    });
    delete env.GARRISON_REDIS_URL; // the gateway's rate limit stays in memory here
    containers.push(entry.container);
    await runContainer({
      name: entry.container,
      image: IMAGE,
      command: [w.entry],
      env,
      stopTimeoutSeconds: GRACE_SECONDS,
    });
    await waitUntilReady(entry.container, `http://127.0.0.1:${httpPort}/readyz`);
    return entry;
  };

  beforeAll(async () => {
    if (!PREBUILT) {
      await ensureBaseImage();
      await buildImage(IMAGE);
    }
    etcdDir = await mkdtemp(path.join(os.tmpdir(), 'garrison-deploy-etcd-'));
    etcd = await startEtcdServer({ dataDir: etcdDir });
    for (const name of [...WAVES.flat().filter((n) => serviceByName(n).database), 'bus']) {
      databases.push(prefix + name);
      await ensureDatabase(pgUrl, prefix + name);
    }
    for (const wave of WAVES) await Promise.all(wave.map(start));
    gatewayUrl = `http://127.0.0.1:${running.get('gateway')!.httpPort}`;

    sdPort = await freePort();
    const sd = `garrison-${run_}-prometheus-sd`;
    containers.push(sd);
    await runContainer({
      name: sd,
      image: IMAGE,
      command: ['deploy/src/prometheus-sd/main.ts'],
      env: {
        GARRISON_DISCOVERY: `etcd://${etcd.endpoint}`,
        HOST: '127.0.0.1',
        SD_PORT: String(sdPort),
        // on the host network every instance has ports of its own
        SD_METRICS_PORTS: JSON.stringify(
          Object.fromEntries([...running.values()].map((r) => [r.w.spec.name, r.metricsPort])),
        ),
      },
      stopTimeoutSeconds: 10,
    });
    await waitUntilReady(sd, `http://127.0.0.1:${sdPort}/healthz`);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await removeContainers(containers);
    await etcd?.stop();
    if (etcdDir) await rm(etcdDir, { recursive: true, force: true });
    for (const name of databases) await dropDatabase(pgUrl, name).catch(() => {});
  });

  it('runs as a non-root user, with tini as PID 1, only production dependencies and the web build', async () => {
    const config = await podmanOk([
      'image',
      'inspect',
      '--format',
      '{{.Config.User}} {{json .Config.Entrypoint}}',
      IMAGE,
    ]);
    expect(config.stdout.trim()).toBe('10001:10001 ["/usr/bin/tini","--","node","--import","tsx"]');
    const inside = await podmanOk([
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'sh',
      IMAGE,
      '-c',
      'id -u; test -d node_modules/vitest && echo vitest || echo no-vitest; test -f apps/web/build/index.html && echo web; touch services/x 2>/dev/null && echo writable || echo read-only',
    ]);
    expect(inside.stdout.trim().split('\n')).toEqual(['10001', 'no-vitest', 'web', 'read-only']);
  });

  it('the platform smoke path through the gateway container: register, log in, me, the welcome from the bus, the web app', async () => {
    const login = `deploy_${run_}`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const json = { 'content-type': 'application/json' };
    const registered = await fetch(`${gatewayUrl}/api/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ login, password, displayName: 'Deploy Test' }),
    });
    expect(registered.status).toBe(201);
    const session = await fetch(`${gatewayUrl}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ login, password }),
    });
    expect(session.status).toBe(200);
    const { accessToken } = (await session.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const me = await fetch(`${gatewayUrl}/api/users/me`, { headers: auth });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ login });
    // users → outbox → RabbitMQ → notifications: the event path works between containers
    const welcome = await waitFor(
      async () => {
        const inbox = await fetch(`${gatewayUrl}/api/notifications`, { headers: auth });
        const body = (await inbox.json()) as { items?: { type: string }[] };
        return body.items?.find((n) => n.type === 'welcome');
      },
      { timeoutMs: 30_000, message: 'welcome notification' },
    );
    expect(welcome.type).toBe('welcome');
    const page = await fetch(`${gatewayUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const unauthenticated = await fetch(`${gatewayUrl}/api/users/me`);
    expect(unauthenticated.status).toBe(401);
  });

  it('the http_sd endpoint lists every live instance from etcd', async () => {
    const groups = (await (await fetch(`http://127.0.0.1:${sdPort}/targets`)).json()) as {
      targets: string[];
      labels: Record<string, string>;
    }[];
    const byService = Object.fromEntries(groups.map((g) => [g.labels.__meta_garrison_service, g.targets]));
    for (const r of running.values())
      expect(byService[r.w.spec.name]).toEqual([`127.0.0.1:${r.metricsPort}`]);
  });

  describe('Prometheus with the generated scrape config', () => {
    beforeAll(async () => {
      prometheus = await startPrometheus(
        prometheusConfig({
          sdUrl: `http://127.0.0.1:${sdPort}/targets`,
          scrapeInterval: '2s',
          ruleFiles: [path.join(REPO_ROOT, 'deploy/prometheus/alerts.yml')],
        }),
      );
      // more traffic through every service, spread over a few scrapes
      for (let i = 0; i < 5; i++) {
        await fetch(`${gatewayUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: `nobody_${run_}`, password: 'wrong-password' }),
        });
        await fetch(`${gatewayUrl}/api/users/me`);
        await new Promise((r) => setTimeout(r, 500));
      }
    });

    it('finds every instance through http_sd and scrapes each one up', async () => {
      const targets = await waitFor(
        async () => {
          const answer = (await (await fetch(`${prometheus!.url}/api/v1/targets?state=active`)).json()) as {
            data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] };
          };
          const ours = answer.data.activeTargets.filter((t) => running.has(t.labels.job));
          return ours.length === running.size && ours.every((t) => t.health === 'up') ? ours : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000, message: 'every target up' },
      );
      expect(targets.map((t) => t.labels.job).sort()).toEqual([...running.keys()].sort());
    });

    it('every dashboard panel query runs; the core panels have data', async () => {
      // two scrapes after the traffic, so rate() has samples to work with
      await waitFor(
        async () => {
          // traffic while Prometheus scrapes: its first scrape may come after the traffic above
          await fetch(`${gatewayUrl}/api/users/me`);
          const answer = await query(
            prometheus!.url,
            'sum(rate(http_requests_total{job="gateway"}[30s])) > 0',
          );
          // and every target scraped at least three times within the rate window
          const samples = await query(prometheus!.url, 'min(count_over_time(up[30s])) >= 3');
          return answer.data?.result.length && samples.data?.result.length;
        },
        {
          timeoutMs: 90_000,
          intervalMs: 1000,
          message: 'request rate visible, three scrapes of each target',
        },
      );
      const problems: string[] = [];
      for (const dashboard of DASHBOARDS) {
        const jobs = dashboard.perJob ? [...running.keys()] : ['-'];
        for (const job of jobs) {
          for (const panel of dashboard.panels) {
            for (const expr of panel.exprs) {
              const q = withGrafanaVariables(expr, job);
              const answer = await query(prometheus!.url, q);
              if (answer.status !== 'success')
                problems.push(`${dashboard.uid} / ${panel.title}: ${answer.error}`);
              else if (panel.core && answer.data!.result.length === 0)
                problems.push(`${dashboard.uid} / ${panel.title} (job ${job}): no data for ${q}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('every alert expression runs, and Prometheus evaluates every rule without error', async () => {
      for (const rule of alertRules()) {
        const answer = await query(prometheus!.url, rule.expr);
        expect(answer.error ?? '', rule.alert).toBe('');
      }
      const rules = await waitFor(
        async () => {
          const answer = (await (await fetch(`${prometheus!.url}/api/v1/rules`)).json()) as {
            data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
          };
          const all = answer.data.groups.flatMap((g) => g.rules);
          return all.length === alertRules().length && all.every((r) => r.health !== 'unknown')
            ? all
            : undefined;
        },
        { timeoutMs: 30_000, message: 'rules evaluated' },
      );
      expect(rules.filter((r) => r.health !== 'ok')).toEqual([]);
      // a healthy system pages nobody
      const firing = await query(prometheus!.url, 'ALERTS{alertstate="firing",severity="page"}');
      expect(firing.data?.result).toEqual([]);
    });

    it.skipIf(!existsSync('/usr/bin/chromium'))(
      'renders the Prometheus graph page (docs/monitoring.md)',
      async () => {
        const out = path.join(REPO_ROOT, 'test-results');
        await mkdir(out, { recursive: true });
        const expr = 'sum by (job) (rate(http_requests_total[30s]))';
        const url = `${prometheus!.url}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=0&g0.range_input=5m`;
        const shot = path.join(out, 'prometheus-graph.png');
        const result = await run('/usr/bin/chromium', [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--hide-scrollbars',
          '--window-size=1280,900',
          '--virtual-time-budget=8000',
          `--screenshot=${shot}`,
          url,
        ]);
        expect(existsSync(shot), result.stderr.slice(-2000)).toBe(true);
      },
    );
  });

  it('every container stops on SIGTERM within the grace period, exit 0 after draining', async () => {
    for (const wave of [...WAVES].reverse()) {
      const stops = await Promise.all(
        wave.map(async (name) => ({
          name,
          ...(await stopContainer(running.get(name)!.container, GRACE_SECONDS)),
        })),
      );
      for (const s of stops) {
        expect(s.exitCode, `${s.name} exit code\n${s.logs.slice(-2000)}`).toBe(0);
        expect(s.ms, `${s.name} stop time`).toBeLessThan(GRACE_SECONDS * 1000);
        expect(s.logs).toContain('stopping gracefully');
      }
    }
  });
});
