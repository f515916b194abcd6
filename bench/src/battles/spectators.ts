// Spectator fan-out: the battles service (started in this process with startTestService) plays a
// live duel at 10 ticks/s — a simulated Agent (sniper) against the built-in sniper — while a child
// process opens N spectator WebSockets on /api/battles/{id}/live, the route the service serves.
// Frame delivery lag = arrival at a spectator − the moment the engine handed the frame to the
// service (just before the fan-out), over the same machine's clock.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setPriority } from 'node:os';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBattlesService } from '@garrison/battles/service';
import { httpClient, identityHeaders, startTestService, waitFor } from '@garrison/kit/testing';
import { createAgentHub, type AgentHubApi } from '@garrison/live';
import { noBots } from './no-bots.js';
import type { ClientCommand, ClientReply } from './spectator-protocol.js';
import { cpuMsSince, load1, percentile, round2, wallNow } from './stats.js';

const CLIENTS = new URL('./spectator-clients.ts', import.meta.url);

export interface SpectatorResult {
  priority: number;
  spectators: number;
  /** Spectators whose WebSocket handshake succeeded / failed. */
  connected: number;
  refused: number;
  windowMs: number;
  framesPublished: number;
  framesPerSecond: number;
  delivered: number;
  expected: number;
  frameBytes: number;
  lagMs: { p50: number; p90: number; p99: number; max: number };
  /** Time the service's frame callback took (the synchronous fan-out to every spectator). */
  fanOutMs: { p50: number; p99: number; max: number };
  /** CPU time of one frame's fan-out (not counting time the process waited for a core). */
  fanOutCpuMs: { p50: number; p99: number };
  /** Server process CPU time / window (1.0 = one core busy), and its event-loop utilisation. */
  serverCpu: number;
  /**
   * Promise rejections nobody handled in the server during this count (each would end a
   * production process, which has no such handler): the first message and how many.
   */
  unhandledRejections: { count: number; first?: string };
  serverElu: number;
  clientCpu: number;
  loadAverage: { before: number; after: number };
}

/** Every method of the hub, bound to it (a spread of a class instance would copy none). */
function bound(inner: AgentHubApi): AgentHubApi {
  return {
    accept: (socket, userId) => inner.accept(socket, userId),
    isOnline: (userId) => inner.isOnline(userId),
    isPlaying: (battleId) => inner.isPlaying(battleId),
    attachRemote: (battleId, link) => inner.attachRemote(battleId, link),
    fromRemote: (battleId, link, message) => inner.fromRemote(battleId, link, message),
    detachRemote: (battleId, link) => inner.detachRemote(battleId, link),
    sendToAgent: (userId, message) => inner.sendToAgent(userId, message),
    rttOf: (userId) => inner.rttOf(userId),
    runBattle: (spec, onFrame, signal) => inner.runBattle(spec, onFrame, signal),
    close: () => inner.close(),
  };
}

/** The service's agent hub, with the publish time and fan-out duration of every frame noted. */
function timedHub() {
  const inner = createAgentHub();
  let published = new Map<string, number>();
  let fanOut: number[] = [];
  let fanOutCpu: number[] = [];
  const hub: AgentHubApi = {
    ...bound(inner),
    runBattle: (spec, onFrame, signal) =>
      inner.runBattle(
        spec,
        (frame) => {
          const at = wallNow();
          const cpu = process.cpuUsage();
          if (frame.type === 'frame') published.set(`${frame.round}:${frame.tick}`, at);
          onFrame(frame);
          fanOut.push(wallNow() - at);
          fanOutCpu.push(cpuMsSince(cpu));
        },
        signal,
      ),
  };
  const take = () => {
    const taken = { published, fanOut, fanOutCpu };
    published = new Map();
    fanOut = [];
    fanOutCpu = [];
    return taken;
  };
  return { hub, take };
}

class Clients {
  private readonly replies: ClientReply[] = [];
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(CLIENTS, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: ClientReply) => this.replies.push(m));
  }

  setPriority(priority: number): void {
    setPriority(this.child.pid!, priority);
  }

  send(command: ClientCommand): void {
    this.child.send(command);
  }

  async next<T extends ClientReply['type']>(type: T, timeoutMs = 60_000) {
    return waitFor(
      async () => {
        const failed = this.replies.find((r) => r.type === 'failed');
        if (failed) throw new Error(`spectator clients: ${JSON.stringify(failed)}`);
        const i = this.replies.findIndex((r) => r.type === type);
        return i < 0 ? undefined : (this.replies.splice(i, 1)[0] as Extract<ClientReply, { type: T }>);
      },
      { timeoutMs, intervalMs: 20 },
    );
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    if (this.child.exitCode === null) await once(this.child, 'exit');
  }
}

export async function measureSpectators(options: {
  counts: number[];
  warmupMs: number;
  windowMs: number;
  /** OS priority of the server (this process) and the clients; negative = ahead of other work. */
  priority: number;
}): Promise<SpectatorResult[]> {
  setPriority(options.priority);
  const { hub, take } = timedHub();
  let rejections: { count: number; first?: string } = { count: 0 };
  const onRejection = (reason: unknown) => {
    rejections.count++;
    rejections.first ??= reason instanceof Error ? reason.message : String(reason);
  };
  process.on('unhandledRejection', onRejection);
  // Default tick rate (10/s) and status poll (500 ms): the production settings.
  const svc = await startTestService(createBattlesService({ bots: noBots, agentHub: hub }), {
    env: { BATTLE_WORKER_CONCURRENCY: '0' },
  });
  const clients = new Clients();
  clients.setPriority(options.priority);
  try {
    await clients.next('started');
    const player = randomUUID();
    clients.send({ type: 'agent', url: svc.url, headers: identityHeaders(player), bot: 'sniper' });
    await clients.next('agent-ready');
    // 20 rounds of sniper vs sniper: ~30 s a round at 10 ticks/s, longer than the whole bench.
    const created = await httpClient(svc.url)('POST', '/api/battles', {
      as: { id: player, roles: [] },
      body: { participants: [{ local: true }, { builtin: 'sniper' }], rounds: 20, seed: 7 },
    });
    if (created.status !== 201) throw new Error(`POST /api/battles answered ${created.status}`);
    const url = `${svc.url.replace(/^http/, 'ws')}/api/battles/${created.body.id as string}/live`;

    const results: SpectatorResult[] = [];
    for (const count of options.counts) {
      process.stderr.write(`spectator bench: ${count} spectators…\n`);
      rejections = { count: 0 };
      clients.send({ type: 'spectate', url, headers: identityHeaders(randomUUID()), count });
      const opened = await clients.next('spectating', 120_000);
      await sleep(options.warmupMs);

      const before = load1();
      take();
      clients.send({ type: 'record' });
      const cpu = process.cpuUsage();
      const elu = performance.eventLoopUtilization();
      const started = performance.now();
      await sleep(options.windowMs);
      const windowMs = performance.now() - started;
      const serverCpuMs = cpuMsSince(cpu);
      const serverElu = performance.eventLoopUtilization(elu).utilization;
      const { published, fanOut, fanOutCpu } = take();
      await sleep(1000); // let the last frames of the window arrive
      clients.send({ type: 'report', published: [...published] });
      const report = await clients.next('report');
      fanOut.sort((a, b) => a - b);
      fanOutCpu.sort((a, b) => a - b);
      results.push({
        priority: options.priority,
        spectators: count,
        connected: opened.count,
        refused: opened.refused,
        windowMs: Math.round(windowMs),
        framesPublished: published.size,
        framesPerSecond: round2(published.size / (windowMs / 1000)),
        delivered: report.received,
        expected: report.expected,
        frameBytes: report.frameBytes,
        lagMs: report.lagMs,
        fanOutMs: {
          p50: round2(percentile(fanOut, 0.5)),
          p99: round2(percentile(fanOut, 0.99)),
          max: round2(fanOut.at(-1) ?? Number.NaN),
        },
        fanOutCpuMs: { p50: round2(percentile(fanOutCpu, 0.5)), p99: round2(percentile(fanOutCpu, 0.99)) },
        serverCpu: round2(serverCpuMs / windowMs),
        serverElu: round2(serverElu),
        unhandledRejections: rejections,
        clientCpu: round2(report.clientCpuMs / (windowMs + 1000)),
        loadAverage: { before, after: load1() },
      });
      process.stderr.write(`${JSON.stringify(results.at(-1))}\n`);
      clients.send({ type: 'close-spectators' });
      await clients.next('closed');
      await sleep(500);
    }
    return results;
  } finally {
    await clients.stop();
    await svc.stop();
    process.off('unhandledRejection', onRejection);
    setPriority(0);
  }
}
