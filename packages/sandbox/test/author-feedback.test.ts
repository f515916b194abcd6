import { afterEach, describe, expect, it } from 'vitest';
import { BATTLE_EPOCH_MS, loadSandboxedBot, type SandboxedBot } from '../src/index.js';
import { playRound, skipReasons } from './fixtures.js';

const loaded: SandboxedBot[] = [];
async function load(source: string, language: 'js' | 'ts' = 'js', name = 'mybot'): Promise<SandboxedBot> {
  const bot = await loadSandboxedBot({ source, language, name });
  loaded.push(bot);
  return bot;
}
afterEach(() => {
  for (const bot of loaded.splice(0)) bot.dispose();
});

describe('what a bot author sees', () => {
  it('when a bot throws on line 5, then the error names line 5 of its own source, not of the compiled script', async () => {
    const bot = await load(
      [
        'function helper(x) {',
        '  return x * 2;',
        '}',
        'export default { onTick(tick) {',
        "  if (tick.tick === 2) throw new Error('boom on five');",
        '  return { speed: helper(1) };',
        '} };',
      ].join('\n'),
    );
    const answers = playRound(bot, 2);
    expect(skipReasons(answers)).toEqual(['Error: boom on five']);
    const stack = bot.debugLog().find((entry) => entry.level === 'error')?.text ?? '';
    expect(stack).toMatch(/mybot\.js:5:\d+/);
    expect(stack).not.toMatch(/mybot\.js:(?!5:)\d+/);
  });

  it('when a TypeScript bot throws, then the position is in the .ts source', async () => {
    const bot = await load(
      [
        "import type { Tick } from '@garrison/bot-api';",
        'interface Memo { seen: number }',
        'const memo: Memo = { seen: 0 };',
        'export default {',
        '  onTick(tick: Tick) {',
        '    memo.seen++;',
        '    const missing = (tick as unknown as { nothing: { deeper: number } }).nothing;',
        '    return { speed: missing.deeper };',
        '  },',
        '};',
      ].join('\n'),
      'ts',
    );
    playRound(bot, 1);
    const stack = bot.debugLog().find((entry) => entry.level === 'error')?.text ?? '';
    expect(stack).toMatch(/mybot\.ts:8:\d+/);
  });

  it('when a one-line module throws while loading, then the startup error points at line 1', async () => {
    await expect(load(`throw new Error('not yet'); export default { onTick() {} };`)).rejects.toThrow(
      /Error: not yet \(at mybot\.js:1:\d+\)/,
    );
  });

  it('when a bot reads the clock, then it gets the battle clock: frozen within a tick, 100 ms per tick', async () => {
    const bot = await load(`
      export default { onTick(tick) {
        const a = Date.now(); for (let i = 0; i < 200000; i++) {} const b = Date.now();
        return { debug: [tick.tick, a, b, new Date().getTime(), performance.now(), typeof Date(), new Date(0).getTime()].join(',') };
      } };`);
    playRound(bot, 3);
    const lines = bot
      .debugLog()
      .filter((entry) => entry.level === 'debug')
      .map((entry) => entry.text.split(','));
    expect(lines).toHaveLength(3);
    for (const [tick, a, b, date, perf, kind, zero] of lines) {
      const expected = BATTLE_EPOCH_MS + Number(tick) * 100;
      expect([Number(a), Number(b), Number(date)]).toEqual([expected, expected, expected]);
      expect(Number(perf)).toBe(Number(tick) * 100);
      expect(kind).toBe('string');
      expect(zero).toBe('0');
    }
  });

  it('when a bot misspells an intent field, then the debug log warns once and names the right field', async () => {
    const bot = await load(`export default { onTick() { return { speed: 2, radarTrun: 45 }; } };`);
    expect(playRound(bot, 5).every((answer) => 'intent' in answer)).toBe(true);
    const warnings = bot.debugLog().filter((entry) => entry.text.startsWith('unknown intent field'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'system', tick: 1 });
    expect(warnings[0]?.text).toContain('did you mean "radarTurn"?');
  });

  it('when a bot plays, then its budget use is recorded in steps for every tick', async () => {
    const bot = await load(
      `export default { onTick(t) { let s = 0; for (let i = 0; i < (t.tick === 3 ? 200000 : 10); i++) s += i; return {}; } };`,
    );
    playRound(bot, 4);
    const [round] = bot.budget();
    expect(round?.round).toBe(1);
    expect(round?.steps[0]).toBe(-1); // tick 0 was not played by the fixture
    expect(round?.steps[3]).toBeGreaterThanOrEqual(30);
    expect(round?.steps[4]).toBeLessThanOrEqual(1);
    expect(bot.stats().steps).toBe(round!.steps.filter((steps) => steps > 0).reduce((a, b) => a + b, 0));
  });
});
