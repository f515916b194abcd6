import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtinBotSource } from '@garrison/game';
import { runBattleInWorker, type BattleReport, type BattleRequest } from '../src/index.js';

// A bot that does ~25 steps of work a tick against a 10-step budget: the bank pays for the first
// ticks, then every tick is cut, and the round cap disables it — all decided by counted steps.
const HEAVY = `export default { onTick(t) {
  let s = 0; for (let i = 0; i < 120000; i++) s += i;
  console.log('tick ' + t.tick + ' at ' + Date.now());
  return { speed: 6, bodyTurn: 3, turretTurn: -5, radarTurn: 20, fire: t.tick % 15 === 0 ? 1 : 0 };
} };`;

const REQUEST: BattleRequest = {
  seed: 9,
  rounds: 1,
  rules: { tickLimit: 150 },
  limits: { tickSteps: 10, roundBankSteps: 100, roundCapSteps: 600 },
  bots: [
    { name: 'heavy', source: HEAVY, language: 'js' },
    { name: 'sniper', source: builtinBotSource('sniper'), language: 'js' },
  ],
};

/** Everything a battle decides, without the wall-clock figures kept for metrics. */
function outcome(report: BattleReport) {
  return {
    results: report.results,
    replay: report.replay,
    bots: report.bots.map(({ stats: { cpuMs: _cpu, maxCallMs: _max, ...stats }, ...bot }) => ({
      ...bot,
      stats,
    })),
  };
}

/** Busy-loop processes of this test's own, one more than the machine has cores. */
function startCpuHog(processes: number): ChildProcess[] {
  return Array.from({ length: processes }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

describe('the deterministic budget', { timeout: 120_000 }, () => {
  it('when the same battle runs on an idle host and under a CPU hog, then everything it decides is identical', async () => {
    const idle = outcome(await runBattleInWorker(REQUEST));
    const hog = startCpuHog(4);
    let loaded;
    try {
      loaded = outcome(await runBattleInWorker(REQUEST));
    } finally {
      for (const child of hog) child.kill('SIGKILL');
    }
    // The heavy bot was really cut and disabled, so the budget decided something.
    const heavy = idle.bots[0]!;
    const reasons = heavy.debugLog.filter((entry) => entry.level === 'system').map((entry) => entry.text);
    expect(reasons.some((text) => text.startsWith('skipped: timeout: used'))).toBe(true);
    expect(reasons.some((text) => text.startsWith('disabled: used the round'))).toBe(true);
    expect(idle.results.places.find((place) => place.name === 'heavy')?.skippedTicks).toBeGreaterThan(10);
    expect(loaded).toEqual(idle);
  });

  it('when a bot does more work than its budget, then it is cut at the same tick every run', async () => {
    const firstCut = (report: BattleReport) =>
      report.bots[0]!.debugLog.find((entry) => entry.text.startsWith('skipped: timeout'))?.tick;
    const runs = await Promise.all([runBattleInWorker(REQUEST), runBattleInWorker(REQUEST)]);
    const cuts = runs.map(firstCut);
    expect(cuts[0]).toBeGreaterThan(0);
    expect(cuts[1]).toBe(cuts[0]);
    expect(runs[1]!.bots[0]!.budget).toEqual(runs[0]!.bots[0]!.budget);
  });
});
