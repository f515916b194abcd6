// `npm run bench:http2` — the gateway → service hop over HTTP/1.1 keep-alive (undici, the gateway's
// client today) beside HTTP/2 over cleartext (h2c, node:http2 with prior knowledge; what gRPC already
// uses inside), against the same Fastify handler, one run. Reports requests/s, p99 and the client's
// CPU per request — the cost the gateway would pay or save. Results: bench/results/http2.json.
import { connect, constants } from 'node:http2';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import Fastify from 'fastify';
import { Pool } from 'undici';

const SECONDS = Number(process.env['BENCH_HTTP2_SECONDS'] ?? 5);
const CONCURRENCY = [4, 32];
const BODY = {
  id: '0196f1c2-7a0e-7000-8000-000000000000',
  login: 'bench',
  displayName: 'Bench',
  roles: ['player', 'worker'],
};

async function server(http2: boolean) {
  // The two server kinds have different Fastify types; the route is the same.
  const app = (http2 ? Fastify({ http2: true }) : Fastify()) as unknown as ReturnType<typeof Fastify>;
  app.get('/api/users/me', async () => BODY);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { app, origin: `http://127.0.0.1:${address.port}` };
}

interface Run {
  protocol: 'http/1.1' | 'h2c';
  concurrency: number;
  requestsPerSecond: number;
  p99Ms: number;
  clientCpuUsPerRequest: number;
}

/** `concurrency` loops, each sending the next request when its answer is read, for SECONDS. */
async function drive(
  protocol: Run['protocol'],
  concurrency: number,
  send: () => Promise<void>,
): Promise<Run> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await send();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    protocol,
    concurrency,
    requestsPerSecond: (latencies.length / elapsed) * 1000,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    // client and server share this process: CPU is split by a second run below
    clientCpuUsPerRequest: (cpu.user + cpu.system) / latencies.length,
  };
}

const h1 = await server(false);
const h2 = await server(true);
const pool = new Pool(h1.origin, { connections: 64, pipelining: 1, keepAliveTimeout: 4_000 });
const session = connect(h2.origin);
const viaHttp1 = async () => {
  const res = await pool.request({
    path: '/api/users/me',
    method: 'GET',
    headers: { authorization: 'Bearer x' },
  });
  await res.body.json();
};
const viaH2c = () =>
  new Promise<void>((resolve, reject) => {
    const stream = session.request({
      [constants.HTTP2_HEADER_PATH]: '/api/users/me',
      [constants.HTTP2_HEADER_METHOD]: 'GET',
      authorization: 'Bearer x',
    });
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString());
      resolve();
    });
    stream.on('error', reject);
    stream.end();
  });

const runs: Run[] = [];
await drive('http/1.1', 4, viaHttp1); // warm up both paths
await drive('h2c', 4, viaH2c);
for (let round = 0; round < 2; round++) {
  for (const c of CONCURRENCY) {
    for (const [protocol, send] of [
      ['http/1.1', viaHttp1],
      ['h2c', viaH2c],
    ] as const) {
      const r = await drive(protocol, c, send);
      runs.push(r);
      console.log(
        `${protocol.padEnd(8)} c=${String(c).padStart(2)}: ${Math.round(r.requestsPerSecond)} req/s, p99 ${r.p99Ms.toFixed(2)} ms, CPU ${r.clientCpuUsPerRequest.toFixed(1)} µs/request (client + server)`,
      );
    }
  }
}
session.close();
await pool.close();
await h1.app.close();
await h2.app.close();
await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('../../results/http2.json', import.meta.url),
  JSON.stringify(
    { measuredAt: new Date().toISOString(), loadAverage: loadavg()[0], secondsPerRun: SECONDS, runs },
    null,
    2,
  ) + '\n',
);
process.exit(0);
