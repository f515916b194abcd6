import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { createInterface } from 'node:readline';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createAgentHub, type LiveBattleSpec } from '@garrison/live';
import { startAgentServer } from '@garrison/live/testing';

export interface ScenarioOptions {
  duels: number;
  /** os.setPriority of the server and the agents (negative = favoured by the scheduler). */
  priority: number;
  tickRate: number;
  warmupMs: number;
  measureMs: number;
}

export interface ScenarioResult {
  duels: number;
  priority: number;
  agents: number;
  tickRate: number;
  measuredMs: number;
  ticks: number;
  /** Ticks played per battle per second (the target rate is tickRate). */
  ticksPerBattlePerSecond: number;
  /** How late each tick started against its schedule (timer + event-loop delay), ms. */
  jitterMs: { p50: number; p90: number; p99: number; max: number };
  /** From sending a tick to receiving the agent's intent, ms. */
  intentLatencyMs: { p50: number; p99: number; max: number };
  lateIntents: number;
  /** Server process: CPU time / wall time over the window (1.0 = one core busy). */
  serverCpuShare: number;
  eventLoopUtilization: number;
  eventLoopDelayP99Ms: number;
  /** Timer lateness of an idle process at normal priority during the same window: the machine's own share. */
  idleProbeLatenessMs: { p50: number; p99: number; max: number };
}

const AGENTS = fileURLToPath(new URL('./simulated-agents.ts', import.meta.url));
const PROBE = fileURLToPath(new URL('./idle-probe.ts', import.meta.url));

/** Runs a bench child process and resolves with its first stdout line. */
function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a bench child process exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * `duels` agent-vs-agent duels at `tickRate` in this process (hub + HTTP/WS server), with
 * 2 × duels simulated agents in a child process over real WebSockets on localhost.
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const agents = options.duels * 2;
  let measuring = false;
  const jitter: number[] = [];
  const latency: number[] = [];
  let lateIntents = 0;
  const hub = createAgentHub({
    observer: {
      tickStarted: (_id, lateMs) => {
        if (measuring) jitter.push(lateMs);
      },
      intentReceived: (_id, _seat, afterMs, late) => {
        if (!measuring) return;
        if (late) lateIntents++;
        else latency.push(afterMs);
      },
    },
  });
  const tokens = new Map(
    Array.from({ length: agents }, (_, i) => [`bench-token-${i}`, `user-${i}`] as const),
  );
  const server = await startAgentServer({ hub, tokens });
  const child = spawn(process.execPath, ['--import', 'tsx', AGENTS, server.url, String(agents)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  setPriority(options.priority);
  setPriority(child.pid!, options.priority);
  try {
    await firstLine(child);

    const controller = new AbortController();
    setMaxListeners(0, controller.signal); // one listener per battle
    const battles = Array.from({ length: options.duels }, (_, d) => {
      const spec: LiveBattleSpec = {
        battleId: `bench-${d}`,
        seed: d + 1,
        mode: 'duel',
        rounds: 10_000, // never ends inside the window
        tickRate: options.tickRate,
        seats: [
          { kind: 'local', userId: `user-${2 * d}`, name: `a${d}` },
          { kind: 'local', userId: `user-${2 * d + 1}`, name: `b${d}` },
        ],
      };
      return hub.runBattle(spec, () => {}, controller.signal).catch(() => undefined);
    });

    await new Promise((r) => setTimeout(r, options.warmupMs));
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const elu = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const started = performance.now();
    measuring = true;
    const prober = spawn(process.execPath, ['--import', 'tsx', PROBE, String(options.measureMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    setPriority(prober.pid!, 0); // children inherit the server's priority; the probe must not
    const probe = firstLine(prober);
    await new Promise((r) => setTimeout(r, options.measureMs));
    const idleProbeLatenessMs = JSON.parse(await probe) as ScenarioResult['idleProbeLatenessMs'];
    measuring = false;
    const measuredMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const utilization = performance.eventLoopUtilization(elu).utilization;
    loopDelay.disable();
    controller.abort(new Error('bench window over'));
    await Promise.all(battles);

    jitter.sort((a, b) => a - b);
    latency.sort((a, b) => a - b);
    return {
      duels: options.duels,
      priority: options.priority,
      agents,
      tickRate: options.tickRate,
      measuredMs: Math.round(measuredMs),
      ticks: jitter.length,
      ticksPerBattlePerSecond: round2(jitter.length / options.duels / (measuredMs / 1000)),
      jitterMs: {
        p50: round2(percentile(jitter, 0.5)),
        p90: round2(percentile(jitter, 0.9)),
        p99: round2(percentile(jitter, 0.99)),
        max: round2(jitter.at(-1) ?? NaN),
      },
      intentLatencyMs: {
        p50: round2(percentile(latency, 0.5)),
        p99: round2(percentile(latency, 0.99)),
        max: round2(latency.at(-1) ?? NaN),
      },
      lateIntents,
      serverCpuShare: round2((used.user + used.system) / 1000 / measuredMs),
      eventLoopUtilization: round2(utilization),
      eventLoopDelayP99Ms: round2(loopDelay.percentile(99) / 1e6),
      idleProbeLatenessMs,
    };
  } finally {
    setPriority(0);
    child.kill('SIGTERM');
    await hub.close();
    await server.close();
  }
}
