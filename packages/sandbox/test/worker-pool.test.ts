import { execFileSync } from 'node:child_process';
import { builtinBotSource } from '@garrison/game';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BattleTimeoutError,
  createBattleWorkerPool,
  runBattle,
  type BattleBot,
  type BattleRequest,
  type BattleWorkerPool,
  type BattleWorkerPoolOptions,
} from '../src/index.js';
import { createPoolOn } from '../src/worker-pool.js';

const CRASHING_ENTRY = new URL('./crashing-pool-worker-entry.mjs', import.meta.url);

const builtin = (name: string): BattleBot => ({ name, source: builtinBotSource(name), language: 'js' });
const bot = (name: string, source: string): BattleBot => ({ name, source, language: 'js' });
const duel = (seed: number, bots: BattleBot[] = [builtin('tracker'), builtin('spinner')]): BattleRequest => ({
  seed,
  rounds: 1,
  bots,
});
const looper = bot('slow', `export default { onTick() { for (;;) {} } };`);
const noCap = { roundBankSteps: 120_000, roundCapSteps: 120_000 };

const pools: BattleWorkerPool[] = [];
function pool(options: BattleWorkerPoolOptions = {}): BattleWorkerPool {
  const created = createBattleWorkerPool(options);
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const texts = (report: { bots: Array<{ debugLog: Array<{ text: string }> }> }, seat: number) =>
  report.bots[seat]?.debugLog.map((entry) => entry.text) ?? [];

describe('battle worker pool', { timeout: 60_000 }, () => {
  it('when battles run one after another, then one worker plays them all with the same results as in this thread', async () => {
    const workers = pool({ size: 1 });
    for (const seed of [1, 2, 3]) {
      const [pooled, here] = await Promise.all([workers.runBattle(duel(seed)), runBattle(duel(seed))]);
      expect(pooled.results).toEqual(here.results);
      expect(pooled.replay).toBe(here.replay);
    }
    expect(workers.stats()).toMatchObject({ started: 1, workers: 1, busy: 0, recycled: 0, replaced: 0 });
  });

  it('when a bot leaves state on globalThis and on prototypes, then the next battle in the same worker cannot see it', async () => {
    // The same source twice: the compile cache hands out the same code, never the same instance.
    const snoop = bot(
      'snoop',
      `const seen = [typeof globalThis.planted, typeof ({}).polluted, typeof Array.prototype.spy, String(Math.leaked)];
       globalThis.planted = 'secret';
       Object.prototype.polluted = 'yes';
       Array.prototype.spy = () => 'spy';
       Math.leaked = 42;
       console.log('battle-start saw ' + seen.join(','));
       export default { onTick(tick) { if (tick.tick === 1) console.log('secret-marker'); return {}; } };`,
    );
    const workers = pool({ size: 1 });
    const first = await workers.runBattle(duel(1, [snoop, builtin('sitting-duck')]));
    const second = await workers.runBattle(duel(2, [snoop, builtin('sitting-duck')]));
    expect(workers.stats().started).toBe(1);
    for (const report of [first, second]) {
      expect(texts(report, 0)).toContain('battle-start saw undefined,undefined,undefined,undefined');
      expect(texts(report, 0).filter((text) => text === 'secret-marker')).toHaveLength(1);
      expect(texts(report, 1)).toEqual([]);
    }
  });

  it('when more battles arrive than there are workers, then they wait in line and all finish', async () => {
    const workers = pool({ size: 2 });
    const reports = await Promise.all([1, 2, 3, 4, 5].map((seed) => workers.runBattle(duel(seed))));
    expect(reports.every((report) => report.results.ticks > 0)).toBe(true);
    expect(workers.stats()).toMatchObject({ started: 2, queued: 0, busy: 0 });
  });

  it('when a battle outlives its wall clock, then its worker is killed, the caller gets a timeout and a new worker plays on', async () => {
    const workers = pool({ size: 1 });
    await workers.runBattle(duel(1));
    const started = performance.now();
    const attempt = workers.runBattle(
      { ...duel(2, [looper, builtin('sitting-duck')]), limits: noCap },
      { wallClockMs: 1_500 },
    );
    await expect(attempt).rejects.toThrow(BattleTimeoutError);
    expect(performance.now() - started).toBeLessThan(5_000);
    const after = await workers.runBattle(duel(3));
    expect(after.results.ticks).toBeGreaterThan(0);
    expect(workers.stats()).toMatchObject({ started: 2, replaced: 1, workers: 1 });
  });

  it('when a battle with a stdio bot times out in the pool, then the bot process is killed too', async () => {
    const marker = `garrison-pool-orphan-${process.pid}-${Date.now()}`;
    const workers = pool({ size: 1 });
    const attempt = workers.runBattle(
      {
        ...duel(2, [{ name: 'hang', stdio: `node -e "setInterval(() => {}, 1000)" ${marker}` }, looper]),
        limits: noCap,
      },
      { wallClockMs: 3_000 },
    );
    await expect(attempt).rejects.toThrow(BattleTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const survivors = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(marker) && !line.startsWith('ps '));
    expect(survivors).toEqual([]);
  });

  it('when a worker crashes mid-battle, then that battle fails (not as a timeout) and the next one gets a new worker', async () => {
    const workers = createPoolOn(CRASHING_ENTRY, { size: 1 });
    pools.push(workers);
    await workers.runBattle(duel(1));
    const error = await workers.runBattle(duel(666)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(BattleTimeoutError);
    expect((error as Error).message).toMatch(/exited \(code 3\)/);
    const after = await workers.runBattle(duel(3));
    expect(after.results.ticks).toBeGreaterThan(0);
    expect(workers.stats()).toMatchObject({ started: 2, replaced: 1 });
  });

  it('when a request cannot be sent to a worker, then that battle fails and the pool plays on', async () => {
    const workers = pool({ size: 1 });
    const unsendable = { ...duel(1), rules: { onTick: () => 0 } } as unknown as BattleRequest;
    await expect(workers.runBattle(unsendable)).rejects.toThrow();
    expect((await workers.runBattle(duel(2))).results.ticks).toBeGreaterThan(0);
  });

  it('when a worker has played maxBattlesPerWorker battles, then it is replaced by a fresh one', async () => {
    const workers = pool({ size: 1, maxBattlesPerWorker: 2 });
    for (const seed of [1, 2, 3, 4, 5]) await workers.runBattle(duel(seed));
    expect(workers.stats()).toMatchObject({ started: 3, recycled: 2, replaced: 0 });
  });

  it('when a worker heap is past recycleHeapMb after a battle, then the worker is replaced', async () => {
    const workers = pool({ size: 1, recycleHeapMb: 1 });
    for (const seed of [1, 2]) await workers.runBattle(duel(seed));
    expect(workers.stats()).toMatchObject({ started: 2, recycled: 2 });
  });

  it('when the pool closes, then its workers end once their battle is over, and waiting and later battles play in disposable workers', async () => {
    const workers = pool({ size: 1 });
    const running = workers.runBattle(duel(1));
    const waiting = workers.runBattle(duel(2));
    const closed = workers.close();
    const later = workers.runBattle(duel(3));
    const reports = await Promise.all([running, waiting, later]);
    expect(reports.map((report) => report.results)).toEqual(
      await Promise.all([1, 2, 3].map(async (seed) => (await runBattle(duel(seed))).results)),
    );
    await closed;
    expect(workers.stats()).toMatchObject({ workers: 0, busy: 0, queued: 0, started: 1 });
  });
});
