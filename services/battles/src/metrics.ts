import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What an operator watches on the battle workers and the live engine (SPEC 5.5). */
export function battleMetrics(registry: Registry) {
  return {
    running: new Gauge({
      name: 'battles_running',
      help: 'Battles this instance is playing now',
      labelNames: ['live'] as const,
      registers: [registry],
    }),
    tickDuration: new Histogram({
      name: 'battle_tick_duration_seconds',
      help: 'Wall-clock time per tick of a hosted battle (battle time / ticks)',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    sandboxPerTick: new Histogram({
      name: 'battle_sandbox_seconds_per_tick',
      help: "A hosted bot's sandbox CPU time per tick it was asked for, one sample per bot and battle",
      buckets: [0.00005, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02],
      registers: [registry],
    }),
    liveTickLateness: new Histogram({
      name: 'battle_live_tick_lateness_seconds',
      help: 'How late a live battle tick started against its schedule (timer and event-loop jitter)',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: [registry],
    }),
    skippedTicks: new Counter({
      name: 'battle_skipped_ticks_total',
      help: 'Ticks bots skipped (hosted: threw, timed out, over memory, disabled; live: intent too late)',
      registers: [registry],
    }),
    finished: new Counter({
      name: 'battles_finished_total',
      help: 'Battles this instance finished or cancelled',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    agentsConnected: new Gauge({
      name: 'battles_agents_connected',
      help: 'Local Agents connected to this instance over /api/agent',
      registers: [registry],
    }),
    spectators: new Gauge({
      name: 'battles_spectators',
      help: 'Spectator WebSockets open on this instance',
      registers: [registry],
    }),
  };
}

export type BattleMetrics = ReturnType<typeof battleMetrics>;
