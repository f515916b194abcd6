// `npm run bench:gateway` — Garrison's gateway beside nginx proxying to the same upstream (the users
// service's GET /api/users/me), a bare Node proxy (Node's floor) and the upstream called directly, in
// one run: requests/s, p99, the p99 each proxy adds, and CPU time per proxied request. JWT
// verification and rate limiting stay on in the gateway (the limit is set high enough not to refuse).
// Results: bench/results/gateway.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { startSystem } from '@garrison/deploy/system';
import { needsPostgres } from '@garrison/kit/testing';
import { cpuMs, pidListeningOn } from './cpu.js';
import { startBareProxy } from './bare-proxy-process.js';
import { startNginx } from './nginx.js';
import { hasCommand, wrk, type WrkResult } from './wrk.js';

const SECONDS = Number(process.env['BENCH_GATEWAY_SECONDS'] ?? 10);
const CONNECTIONS = [4, 32];
const ROUNDS = Number(process.env['BENCH_GATEWAY_ROUNDS'] ?? 2);

for (const tool of ['wrk', 'nginx'] as const) {
  if (!(await hasCommand(tool))) {
    console.log(
      `gateway bench skipped: \`${tool}\` is missing (apt-get install ${tool === 'wrk' ? 'wrk' : 'nginx-light'})`,
    );
    process.exit(0);
  }
}
if (!(await needsPostgres())) console.log('(no local PostgreSQL: the bench uses the embedded one)');

const system = await startSystem({
  profile: 'platform',
  buildWeb: false,
  env: { GARRISON_RATE_LIMIT: '100000,100000', LOG_LEVEL: 'warn' },
});
try {
  const login = `bench${Date.now()}`;
  const post = (path: string, body: unknown) =>
    fetch(`${system.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  await post('/api/auth/register', { login, password: 'bench-password-1', displayName: 'Bench' });
  const session = await post('/api/auth/login', { login, password: 'bench-password-1' });
  const token = String(session.body['accessToken']);
  const me = (await fetch(`${system.url}/api/users/me`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json())) as { id: string; roles: string[] };

  const table = JSON.parse(system.serviceEnv('gateway')['GARRISON_SERVICES'] ?? '{}') as Record<
    string,
    { http: string }
  >;
  const upstream = table['users']?.http;
  if (!upstream) throw new Error('the users service is not in the discovery table');
  const headers = { authorization: `Bearer ${token}` };
  // nginx forwards what the gateway would: the bearer token and the verified identity.
  const nginx = await startNginx({
    port: 20_000 + Math.floor(Math.random() * 20_000),
    upstream,
    setHeaders: { 'x-user-id': me.id, 'x-user-roles': me.roles.join(',') },
  });
  // Node's floor: a bare node:http + undici proxy to the same upstream (bare-proxy.ts).
  const bare = await startBareProxy(20_000 + Math.floor(Math.random() * 20_000), upstream, {
    'x-user-id': me.id,
    'x-user-roles': me.roles.join(','),
  });
  const gatewayPid = await pidListeningOn(system.port);
  const upstreamPid = await pidListeningOn(Number(new URL(upstream).port));
  const targets = {
    direct: { url: `${upstream}/api/users/me`, pids: async () => [upstreamPid] },
    gateway: { url: `${system.url}/api/users/me`, pids: async () => [gatewayPid] },
    nginx: { url: `${nginx.url}/api/users/me`, pids: () => nginx.pids() },
    'node-floor': { url: `${bare.url}/api/users/me`, pids: async () => [bare.pid] },
  };
  const directHeaders = { ...headers, 'x-user-id': me.id, 'x-user-roles': me.roles.join(',') };

  type Row = WrkResult & { target: string; proxyCpuMsPerRequest: number | null };
  const rows: Row[] = [];
  try {
    for (const [name, t] of Object.entries(targets)) {
      await wrk(t.url, { connections: 4, seconds: 2, headers: directHeaders }); // warm up JIT and pools
      void name;
    }
    // Rounds alternate the targets so drift in the machine's load hits all of them alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const connections of CONNECTIONS) {
        for (const [name, t] of Object.entries(targets)) {
          const pids = await t.pids();
          const cpuBefore = await cpuMs(pids);
          const r = await wrk(t.url, {
            connections,
            seconds: SECONDS,
            headers: name === 'direct' ? directHeaders : headers,
          });
          const cpu = (await cpuMs(pids)) - cpuBefore;
          rows.push({
            ...r,
            target: name,
            proxyCpuMsPerRequest: name === 'direct' ? null : cpu / r.requests,
          });
          console.log(
            `${name.padEnd(8)} c=${String(connections).padStart(2)}: ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, cpu/req ${name === 'direct' ? '-' : (cpu / r.requests).toFixed(3) + ' ms'}${r.non2xx ? `, NON-2xx ${r.non2xx}` : ''}`,
          );
        }
      }
    }
  } finally {
    await nginx.stop();
    bare.stop();
  }

  const best = (target: string, connections: number) => {
    const mine = rows.filter((r) => r.target === target && r.connections === connections);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return {
      requestsPerSecond: median(mine.map((r) => r.requestsPerSecond)),
      p99Ms: median(mine.map((r) => r.p99Ms)),
      cpuMsPerRequest: target === 'direct' ? null : median(mine.map((r) => r.proxyCpuMsPerRequest ?? 0)),
    };
  };
  const summary = CONNECTIONS.map((c) => {
    const direct = best('direct', c);
    const gateway = best('gateway', c);
    const nginxRow = best('nginx', c);
    const floor = best('node-floor', c);
    return {
      connections: c,
      direct,
      gateway,
      nginx: nginxRow,
      nodeFloor: floor,
      gatewayToNginxRatio: gateway.requestsPerSecond / nginxRow.requestsPerSecond,
      nodeFloorToNginxRatio: floor.requestsPerSecond / nginxRow.requestsPerSecond,
      gatewayAddedP99Ms: gateway.p99Ms - direct.p99Ms,
      nginxAddedP99Ms: nginxRow.p99Ms - direct.p99Ms,
    };
  });
  for (const s of summary) {
    console.log(
      `c=${s.connections}: gateway/nginx ${s.gatewayToNginxRatio.toFixed(2)}× (bare Node proxy/nginx ${s.nodeFloorToNginxRatio.toFixed(2)}×), p99 added: gateway ${s.gatewayAddedP99Ms.toFixed(2)} ms, nginx ${s.nginxAddedP99Ms.toFixed(2)} ms`,
    );
  }
  const results = {
    measuredAt: new Date().toISOString(),
    loadAverage: loadavg()[0],
    secondsPerRun: SECONDS,
    rounds: ROUNDS,
    targets: { requestsPerSecondRatio: 0.8, addedP99MsAt4Connections: 1 },
    summary,
    rows,
  };
  await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('../../results/gateway.json', import.meta.url),
    JSON.stringify(results, null, 2) + '\n',
  );
} finally {
  await system.stop();
}
process.exit(0);
