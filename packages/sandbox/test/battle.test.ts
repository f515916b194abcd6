import { builtinBotSource, parseReplay, resimulate } from '@garrison/game';
import { describe, expect, it } from 'vitest';
import {
  BattleTimeoutError,
  runBattle,
  runBattleInWorker,
  validateBot,
  type BattleBot,
  type SandboxLimits,
} from '../src/index.js';
import { rssMb } from './fixtures.js';

const builtin = (name: string): BattleBot => ({ name, source: builtinBotSource(name), language: 'js' });
const hostile = (name: string, source: string): BattleBot => ({ name, source, language: 'js' });
const fastLimits: Partial<SandboxLimits> = { roundBankSteps: 400, roundCapSteps: 4000, startupSteps: 1000 };

describe('battles of sandboxed bots', { timeout: 60_000 }, () => {
  it('when the same battle runs in a worker and in this thread, then results and replay are identical', async () => {
    const request = { seed: 42, rounds: 2, bots: [builtin('tracker'), builtin('spinner')] };
    const [inWorker, here] = await Promise.all([runBattleInWorker(request), runBattle(request)]);
    expect(inWorker.results).toEqual(here.results);
    expect(inWorker.replay).toBe(here.replay);
    expect(resimulate(parseReplay(inWorker.replay ?? '')).results).toEqual(inWorker.results);
  });

  it('when a battle asks for rules v2, then sandboxed bots see the obstacles in onRoundStart and the replay says v2', async () => {
    const report = await runBattleInWorker({
      seed: 8,
      rounds: 1,
      rulesVersion: 2,
      bots: [
        hostile(
          'surveyor',
          `export default { onRoundStart(info) { console.log('v' + info.rulesVersion + ' obstacles ' + JSON.stringify(info.arena.obstacles)); }, onTick() { return {}; } };`,
        ),
        builtin('tracker'),
      ],
    });
    expect(report.results.rulesVersion).toBe(2);
    const replay = parseReplay(report.replay ?? '');
    expect(replay.header.rulesVersion).toBe(2);
    const obstacles = replay.header.arena.obstacles ?? [];
    expect(obstacles.length).toBeGreaterThan(0);
    const told = report.bots[0]?.debugLog.map((entry) => entry.text) ?? [];
    expect(told).toContain(`v2 obstacles ${JSON.stringify(obstacles)}`);
    expect(resimulate(replay).results).toEqual(report.results);
  });

  it('when a bot throws every tick, then the engine disables it after 50 skips each round and the battle finishes', async () => {
    const report = await runBattleInWorker({
      seed: 3,
      rounds: 2,
      bots: [
        hostile('thrower', `export default { onTick() { throw new Error('always'); } };`),
        builtin('sitting-duck'),
      ],
    });
    const thrower = report.results.places.find((place) => place.name === 'thrower');
    expect(thrower?.skippedTicks).toBe(100);
    expect(report.bots[0]?.stats.skips).toBe(100);
    expect(report.bots[0]?.debugLog.some((entry) => entry.text === 'skipped: Error: always')).toBe(true);
  });

  it('when a bot loops forever and another bombs memory, then the battle still finishes and the host stays bounded', async () => {
    const before = rssMb();
    const report = await runBattleInWorker({
      seed: 5,
      rounds: 1,
      limits: fastLimits,
      bots: [
        hostile('looper', `export default { onTick() { for (;;) {} } };`),
        hostile(
          'bomber',
          `const hoard = []; export default { onTick() { for (;;) hoard.push({ n: hoard.length }); } };`,
        ),
      ],
    });
    expect(report.results.ticks).toBeGreaterThan(0);
    expect(report.results.places.every((place) => place.skippedTicks > 0)).toBe(true);
    expect(rssMb() - before).toBeLessThan(400);
  });

  it('when a bot does not compile, then it sits out disabled and the opponent wins', async () => {
    const report = await runBattleInWorker({
      seed: 9,
      rounds: 1,
      bots: [hostile('broken', 'export default {'), builtin('spinner')],
    });
    expect(report.bots[0]?.startupError).toMatch(/does not compile/);
    expect(report.results.places[0]?.name).toBe('spinner');
  });

  it('when a battle outlives its wall-clock limit, then the worker is killed and the caller gets a timeout', async () => {
    const started = performance.now();
    const attempt = runBattleInWorker(
      {
        seed: 1,
        rounds: 1,
        limits: { roundBankSteps: 120_000, roundCapSteps: 120_000 },
        bots: [hostile('slow', `export default { onTick() { for (;;) {} } };`), builtin('sitting-duck')],
      },
      { wallClockMs: 1_500 },
    );
    await expect(attempt).rejects.toThrow(BattleTimeoutError);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('when a battle with a stdio bot is killed, then the bot process is killed too', async () => {
    const marker = `garrison-orphan-${process.pid}-${Date.now()}`;
    const attempt = runBattleInWorker(
      {
        seed: 2,
        rounds: 1,
        limits: { roundBankSteps: 120_000, roundCapSteps: 120_000 },
        bots: [
          { name: 'hang', stdio: `node -e "setInterval(() => {}, 1000)" ${marker}` },
          hostile('slow', `export default { onTick() { for (;;) {} } };`),
        ],
      },
      { wallClockMs: 3_000 },
    );
    await expect(attempt).rejects.toThrow(BattleTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { execFileSync } = await import('node:child_process');
    const survivors = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(marker) && !line.startsWith('ps '));
    expect(survivors).toEqual([]);
  });

  it('when a bot speaks JSON lines on stdio, then it plays like any other bot', async () => {
    const script = `process.stdin.setEncoding('utf8'); let buf = ''; process.stdin.on('data', (c) => { buf += c; let i; while ((i = buf.indexOf('\\n')) >= 0) { const m = JSON.parse(buf.slice(0, i)); buf = buf.slice(i + 1); if (m.type === 'tick') process.stdout.write(JSON.stringify({ speed: 5, bodyTurn: 3 }) + '\\n'); } });`;
    const report = await runBattle({
      seed: 11,
      rounds: 1,
      bots: [{ name: 'stdio', stdio: `node -e "${script.replaceAll('"', '\\"')}"` }, builtin('sitting-duck')],
    });
    expect(report.bots[0]?.stats.calls).toBeGreaterThan(0);
    expect(report.bots[0]?.stats.skips).toBe(0);
  });

  it('when a stdio bot never answers, then its ticks time out and the battle finishes', async () => {
    const report = await runBattle({
      seed: 12,
      rounds: 1,
      limits: { tickSteps: 10, roundBankSteps: 40, startupSteps: 400 },
      bots: [{ name: 'mute', stdio: `node -e "setInterval(() => {}, 1000)"` }, builtin('sitting-duck')],
    });
    expect(report.results.places.find((place) => place.name === 'mute')?.skippedTicks).toBe(50);
  });
});

describe('validateBot', { timeout: 60_000 }, () => {
  it('when a bot compiles and plays, then it is valid', async () => {
    await expect(
      validateBot({
        source:
          'export default { onTick(t: { tick: number }) { return { speed: 4, fire: t.tick % 20 === 0 ? 1 : 0 }; } };',
        language: 'ts',
      }),
    ).resolves.toEqual({ ok: true });
  });

  it('when called as validateBot(source, language), then it validates the same way', async () => {
    await expect(
      validateBot('export default { onTick() { return { radarTurn: 45 }; } };', 'js'),
    ).resolves.toEqual({ ok: true });
    await expect(validateBot('export default {', 'ts')).resolves.toEqual({
      ok: false,
      error: expect.stringMatching(/does not compile/),
    });
  });

  it('when a bot has a syntax error, then the error names the line', async () => {
    await expect(validateBot({ source: 'export default { onTick() {', language: 'js' })).resolves.toEqual({
      ok: false,
      error: expect.stringMatching(/does not compile: bot\.js:1:/),
    });
  });

  it('when a bot throws on every tick of the smoke round, then it is invalid with the reason', async () => {
    await expect(
      validateBot({ source: `export default { onTick() { null.x; } };`, language: 'js' }),
    ).resolves.toEqual({ ok: false, error: expect.stringMatching(/skipped every tick.*TypeError/) });
  });

  it('when a bot exports no onTick, then it is invalid', async () => {
    await expect(validateBot({ source: `export default { hello() {} };`, language: 'js' })).resolves.toEqual({
      ok: false,
      error: expect.stringMatching(/export default \{ onTick/),
    });
  });
});
