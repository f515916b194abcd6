import { c, defineConfig } from '@garrison/kit';

export const config = defineConfig({
  workerConcurrency: c.int({
    env: 'BATTLE_WORKER_CONCURRENCY',
    default: 1,
    min: 0,
    max: 32,
    doc: 'hosted battles this instance plays at once (each in its own worker thread); 0 = no battle worker here',
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
