import { c, defineConfig } from '@garrison/kit';

export const config = defineConfig({
  workerConcurrency: c.int({
    env: 'BATTLE_WORKER_CONCURRENCY',
    default: 2,
    min: 0,
    max: 32,
    doc: 'hosted battles this instance plays at once (each in its own worker thread); 0 = no battle worker here',
  }),
  reservedRankedWorkers: c.int({
    env: 'BATTLE_RESERVED_RANKED_WORKERS',
    default: 1,
    min: 0,
    max: 31,
    doc: 'of those, how many only tournament and ranked battles may use (practice floods cannot starve them); at most BATTLE_WORKER_CONCURRENCY − 1',
  }),
  cpuCapMs: c.int({
    env: 'BATTLE_CPU_CAP_MS',
    default: 90_000,
    min: 1_000,
    doc: "a hosted battle's total compute: its worker is stopped past it and the battle cancelled (reason cpu-cap)",
  }),
  practicePerUser: c.int({
    env: 'BATTLE_PRACTICE_PER_USER',
    default: 2,
    min: 1,
    doc: 'practice battles one user may have waiting or running at once; past it POST /api/battles answers 429 with Retry-After',
  }),
  spectatorDelayMs: c.int({
    env: 'BATTLE_SPECTATOR_DELAY_MS',
    default: 5000,
    min: 0,
    doc: 'how far spectating of tournament and ranked battles lags behind the game',
  }),
  liveTickRate: c.int({
    env: 'BATTLE_LIVE_TICK_RATE',
    default: 10,
    min: 1,
    max: 1000,
    doc: 'ticks per second of live battles (10 in production; tests go faster)',
  }),
  liveForfeitAfterMs: c.int({
    env: 'BATTLE_LIVE_FORFEIT_AFTER_MS',
    default: 30_000,
    min: 1,
    doc: 'how long a local Agent may stay disconnected or idle in a live battle before it forfeits (SPEC 3.3: 30 s)',
  }),
  liveIdleAfterMs: c.int({
    env: 'BATTLE_LIVE_IDLE_AFTER_MS',
    default: 2_000,
    min: 1,
    doc: 'a connected Agent that sends no intent for this long is idle (its tank stands still, the battle stops waiting)',
  }),
  watchPollMs: c.int({
    env: 'BATTLE_WATCH_POLL_MS',
    default: 500,
    min: 50,
    doc: 'how often WatchBattle and hosted-battle spectators look for a status change',
  }),
});

export type BattlesConfig = typeof config;
