import { afterEach, describe, expect, it } from 'vitest';
import { builtinBotSource } from '@garrison/game';
import {
  BotStartupError,
  loadSandboxedBot,
  runBattleInWorker,
  type SandboxLimits,
  type SandboxedBot,
} from '../src/index.js';
import { playRound, rssMb, sampleTick, skipReasons } from './fixtures.js';

// Short bank and cap keep the suite fast; the mechanisms are the same as with the defaults.
const limits: Partial<SandboxLimits> = {
  tickSteps: 40,
  roundBankSteps: 400,
  roundCapSteps: 4000,
  startupSteps: 1000,
};

const loaded: SandboxedBot[] = [];
async function load(source: string, extra: Partial<SandboxLimits> = {}): Promise<SandboxedBot> {
  const bot = await loadSandboxedBot({
    source,
    language: 'js',
    name: 'hostile',
    limits: { ...limits, ...extra },
  });
  loaded.push(bot);
  return bot;
}
afterEach(() => {
  for (const bot of loaded.splice(0)) bot.dispose();
});

const rssAtStart = rssMb();
function expectHostWithinMemory(): void {
  // Each bot's heap is capped at 32 MiB of WebAssembly memory; the host must not balloon.
  expect(rssMb() - rssAtStart).toBeLessThan(400);
}

describe('hostile bots', () => {
  it('when onTick loops forever, then each tick is cut at its step budget, skipped, and the bot keeps answering later', async () => {
    const bot = await load(
      `let n = 0; export default { onTick(t) { n++; if (n <= 3) { while (true) {} } return { speed: n }; } };`,
    );
    const answers = playRound(bot, 5);
    // The first loop drains the 400-step bank, the next two get their 40 steps each.
    expect(skipReasons(answers)).toEqual([
      expect.stringMatching(/^timeout: used 44\d steps/),
      expect.stringMatching(/^timeout: used 4\d steps/),
      expect.stringMatching(/^timeout: used 4\d steps/),
    ]);
    expect(answers.slice(3)).toEqual([{ intent: { speed: 4 } }, { intent: { speed: 5 } }]);
    expect(
      bot.debugLog().some((entry) => entry.level === 'system' && entry.text.startsWith('skipped: timeout')),
    ).toBe(true);
  });

  it('when the module loops forever at top level, then loading fails at the startup budget', async () => {
    const started = performance.now();
    const attempt = load(`while (true) {} export default { onTick() {} };`);
    await expect(attempt).rejects.toThrow(BotStartupError);
    await expect(attempt).rejects.toThrow(/startup budget/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('when a bot fills memory with arrays, then the tick ends in out of memory and the host stays bounded', async () => {
    const bot = await load(
      `const hoard = []; export default { onTick() { for (;;) hoard.push([hoard.length, {a: hoard.length}]); } };`,
      {
        roundBankSteps: 10_000,
        roundCapSteps: 40_000,
      },
    );
    const answers = playRound(bot, 3);
    expect(skipReasons(answers)).toHaveLength(3);
    expect(skipReasons(answers)[0]).toMatch(/out of memory|crashed/);
    expectHostWithinMemory();
  });

  it('when a bot doubles a string without end, then QuickJS refuses the length inside the sandbox', async () => {
    const bot = await load(`let s = 'x'; export default { onTick() { for (;;) s = s + s; } };`);
    expect(skipReasons(playRound(bot, 1))).toEqual([expect.stringMatching(/string too long|out of memory/)]);
    expectHostWithinMemory();
  });

  it('when a bot keeps megabyte strings, then it runs out of memory inside its sandbox only', async () => {
    const bot = await load(
      `const big = 'x'.repeat(1 << 20); const keep = []; export default { onTick() { for (;;) keep.push(big + keep.length); } };`,
      {
        roundBankSteps: 10_000,
        roundCapSteps: 40_000,
      },
    );
    const answers = playRound(bot, 2);
    expect(skipReasons(answers)).toHaveLength(2);
    expect(skipReasons(answers)[0]).toMatch(/out of memory|crashed/);
    expectHostWithinMemory();
  });

  it('when a bot recurses without end, then it gets a stack overflow error and its next ticks still run', async () => {
    const bot = await load(
      `let n = 0; function dive(d) { return dive(d + 1) + 1; } export default { onTick() { n++; if (n === 1) dive(0); return { speed: n }; } };`,
    );
    const answers = playRound(bot, 2);
    expect(skipReasons(answers)).toEqual([expect.stringMatching(/stack overflow/)]);
    expect(answers[1]).toEqual({ intent: { speed: 2 } });
  });

  it('when a regular expression backtracks catastrophically, then the tick is still cut at its step budget', async () => {
    const bot = await load(
      `export default { onTick() { return { debug: String(/^(a+)+$/.test('a'.repeat(40) + 'b')) }; } };`,
    );
    // The regular expression engine counts its backtracking in steps too: cut by steps, not the safety cap.
    expect(skipReasons(playRound(bot, 2))).toEqual([
      expect.stringMatching(/^timeout: used \d+ steps/),
      expect.stringMatching(/^timeout: used \d+ steps/),
    ]);
  });

  it('when a bot nests JSON beyond the native stack, then the instance is retired and the bot disabled, the host unharmed', async () => {
    const bot = await load(
      `export default { onTick() { return { debug: String(JSON.parse('['.repeat(1000000))) }; } };`,
    );
    const answers = playRound(bot, 2);
    expect(answers.every((answer) => 'skipped' in answer)).toBe(true);
    // Either QuickJS catches it as a stack overflow, or the wasm stack blows and the bot is disabled.
    expect(skipReasons(answers)[0]).toMatch(/stack overflow|crashed/);
    expect(JSON.stringify({ host: 'still fine' })).toBe('{"host":"still fine"}');
  });

  it('when the default export is a Proxy that loops on every access, then loading fails at the startup budget', async () => {
    await expect(load(`export default new Proxy({}, { get() { for (;;) {} } });`)).rejects.toThrow(
      /startup budget/,
    );
  });

  it('when a bot looks for the host (process, require, import(), fetch, timers, constructor tricks), then it finds nothing', async () => {
    const bot = await load(
      `
      const probes = {
        process: () => typeof process,
        require: () => typeof require,
        fetch: () => typeof fetch,
        setTimeout: () => typeof setTimeout,
        setInterval: () => typeof setInterval,
        queueMicrotask: () => typeof queueMicrotask,
        WebAssembly: () => typeof WebAssembly,
        constructorEscape: () => typeof this?.constructor?.constructor('return process')(),
        functionConstructor: () => typeof Function('return globalThis.process')(),
        globalProcess: () => typeof globalThis.process,
        std: () => typeof std + typeof os,
        dynamicImport: () => { let outcome = 'pending'; import('fs').then(() => { outcome = 'loaded'; }, () => { outcome = 'rejected'; }); return outcome; },
      };
      export default { onTick() {
        const found = {};
        for (const [name, probe] of Object.entries(probes)) { try { found[name] = probe(); } catch (e) { found[name] = 'threw ' + e.name; } }
        return { debug: JSON.stringify(found) };
      } };`,
      { maxDebugChars: 2_000 },
    );
    const [answer] = playRound(bot, 1);
    expect(answer).toHaveProperty('intent.debug');
    const found = JSON.parse((answer as { intent: { debug: string } }).intent.debug) as Record<
      string,
      string
    >;
    for (const [probe, outcome] of Object.entries(found)) {
      expect(outcome, probe).toMatch(/^(undefined|threw|pending|rejected|undefinedundefined)/);
    }
    expect(found['dynamicImport']).not.toBe('loaded');
  });

  it('when a bot imports a module, then it does not start', async () => {
    await expect(
      load(`import fs from 'node:fs'; export default { onTick() { return { debug: String(fs) }; } };`),
    ).rejects.toThrow(/bots cannot import modules/);
  });

  it('when a bot floods the console, then lines are capped per call and the whole log stays bounded', async () => {
    const bot = await load(
      `const line = 'y'.repeat(10000); export default { onTick(t) { for (let i = 0; i < 10000; i++) console.log('spam', i, line); return {}; } };`,
      {
        roundBankSteps: 10_000,
      },
    );
    const answers = playRound(bot, 30);
    expect(skipReasons(answers)).toEqual([]);
    const log = bot.debugLog();
    const chars = log.reduce((sum, entry) => sum + entry.text.length, 0);
    expect(chars).toBeLessThan(300 * 1024);
    expect(log.some((entry) => entry.text.includes('console lines dropped'))).toBe(true);
    expect(log.filter((entry) => entry.level === 'log' && entry.tick === 1)).toHaveLength(20);
  });

  it('when a bot returns a huge intent, then the tick is skipped as too large', async () => {
    const bot = await load(
      `export default { onTick() { return { speed: 1, junk: 'z'.repeat(1000000) }; } };`,
    );
    expect(skipReasons(playRound(bot, 2))).toEqual([
      expect.stringMatching(/answer too large/),
      expect.stringMatching(/answer too large/),
    ]);
  });

  it('when a bot returns a huge debug string, then it is cut and the intent still counts', async () => {
    const bot = await load(`export default { onTick() { return { speed: 3, debug: 'd'.repeat(5000) }; } };`);
    const [answer] = playRound(bot, 1);
    expect(answer).toEqual({ intent: { speed: 3, debug: `${'d'.repeat(200)}…` } });
  });

  it.each([
    ['NaN', 'NaN', /invalid intent/],
    ['a string', "'full speed'", /invalid intent/],
    ['an array', '[1, 2]', /invalid intent/],
    ['a cycle', '(() => { const o = { speed: 1 }; o.self = o; return o; })()', /could not serialize/],
    ['a Promise', 'Promise.resolve({ speed: 1 })', /Promise/],
    ['a NaN field', '({ speed: NaN })', /speed must be a finite number/],
    ['a BigInt field', '({ speed: 10n })', /could not serialize/],
  ])('when a bot returns %s, then the tick is skipped with a reason', async (_label, expression, reason) => {
    const bot = await load(`export default { onTick() { return ${expression}; } };`);
    expect(skipReasons(playRound(bot, 1))).toEqual([expect.stringMatching(reason)]);
  });

  it('when a bot throws every tick, then every tick is skipped with its error and the log says why', async () => {
    const bot = await load(`export default { onTick(t) { throw new RangeError('nope at ' + t.tick); } };`);
    const reasons = skipReasons(playRound(bot, 60));
    expect(reasons).toHaveLength(60);
    expect(reasons[59]).toBe('RangeError: nope at 60');
    expect(bot.stats().skips).toBe(60);
  });

  it('when a bot throws a value with a hostile toJSON, then the host is not trapped', async () => {
    const bot = await load(
      `export default { onTick() { throw { toJSON() { while (true) {} }, toString() { while (true) {} } }; } };`,
    );
    const started = performance.now();
    expect(skipReasons(playRound(bot, 2))).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('when a bot tampers with JSON and Object.prototype, then the host still reads a clean answer or a skip', async () => {
    const bot = await load(`
      JSON.stringify = () => 'garbage'; JSON.parse = () => ({});
      Object.prototype.toJSON = function () { return { speed: 'evil' }; };
      export default { onTick() { return { speed: 2 }; } };`);
    expect(skipReasons(playRound(bot, 1))).toEqual(['the sandbox answer was not readable']);
  });

  it('when ticks do more work than the budget, then the bank pays until it is empty, ticks are cut, and past the round cap the bot is disabled — at the same tick every run', async () => {
    // ~30 steps of work a tick against a 20-step budget: the bank (100) pays for ten ticks, then
    // each tick is cut at 20 steps until the 400-step cap disables the bot for the round.
    const source = `export default { onTick() { let s = 0; for (let i = 0; i < 150000; i++) s += i; return { speed: 1 }; } };`;
    const budget = { tickSteps: 20, roundBankSteps: 100, roundCapSteps: 400 };
    const runs: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const bot = await load(source, budget);
      const answers = playRound(bot, 30);
      runs.push(answers.map((answer) => ('intent' in answer ? 'ok' : answer.skipped)));
      const timeouts = skipReasons(answers).filter((reason) => reason.startsWith('timeout'));
      expect(timeouts.length).toBeGreaterThan(0);
      expect(timeouts[0]).toMatch(/^timeout: used 2\d steps, past the 20-step tick budget/);
      expect(skipReasons(answers).at(-1)).toMatch(/^disabled: used the round's cap of 400 steps/);
      expect(answers.slice(0, 5).every((answer) => 'intent' in answer)).toBe(true);
      // The next round starts fresh.
      expect(playRound(bot, 1, 2)).toEqual([{ intent: { speed: 1 } }]);
    }
    expect(runs[1]).toEqual(runs[0]);
    const firstCut = runs[0]!.findIndex((outcome) => outcome !== 'ok');
    expect(firstCut).toBeGreaterThanOrEqual(7);
    expect(firstCut).toBeLessThanOrEqual(14);
  });

  it('when many hostile bots are loaded and disposed in turn, then host memory stays bounded', async () => {
    for (let i = 0; i < 12; i++) {
      const bot = await load(
        `const hoard = []; export default { onTick() { for (;;) hoard.push('x' + hoard.length); } };`,
        { roundBankSteps: 10_000 },
      );
      bot.onTick(sampleTick(1));
      bot.dispose();
      loaded.pop();
    }
    expectHostWithinMemory();
  });
});

// Every attack again, now as a participant of a real battle in a worker: the battle must finish.
const ATTACKS: Record<string, string> = {
  'endless loop in onTick': `export default { onTick() { for (;;) {} } };`,
  'endless loop at top level': `for (;;) {} export default { onTick() {} };`,
  'array memory bomb': `const h = []; export default { onTick() { for (;;) h.push([h.length]); } };`,
  'string memory bomb': `const big = 'x'.repeat(1 << 20); const h = []; export default { onTick() { for (;;) h.push(big + h.length); } };`,
  'deep recursion': `function f() { return f() + 1; } export default { onTick() { return { speed: f() }; } };`,
  'native stack bomb': `export default { onTick() { return JSON.parse('['.repeat(1000000)); } };`,
  'host probing': `export default { onTick() { return { debug: String(typeof process) + Function('return typeof require')() }; } };`,
  'console flood': `const l = 'y'.repeat(5000); export default { onTick() { for (let i = 0; i < 5000; i++) console.log(l); return {}; } };`,
  'huge intent': `export default { onTick() { return { speed: 1, junk: 'z'.repeat(2000000) }; } };`,
  garbage: `let n = 0; export default { onTick() { n++; return [NaN, 'str', [1], null, Promise.resolve(1)][n % 5]; } };`,
  'throws every tick': `export default { onTick() { throw new Error('no'); } };`,
};

const HARMLESS = new Set(['host probing', 'console flood']);

describe('hostile bots in a battle', { timeout: 60_000 }, () => {
  const before = rssMb();
  it.each(Object.entries(ATTACKS))(
    'when the bot attacks with %s, then the battle finishes and the host stays bounded',
    async (attack, source) => {
      const report = await runBattleInWorker({
        seed: 8,
        rounds: 1,
        rules: { tickLimit: 150 },
        limits,
        bots: [
          { name: 'hostile', source, language: 'js' },
          { name: 'sitting-duck', source: builtinBotSource('sitting-duck'), language: 'js' },
        ],
      });
      expect(report.results.ticks).toBeGreaterThan(0);
      expect(report.results.places).toHaveLength(2);
      const hostile = report.results.places.find((place) => place.name === 'hostile');
      // Probing and flooding are harmless answers; every other attack costs the bot its ticks.
      if (!HARMLESS.has(attack)) expect(hostile?.skippedTicks).toBeGreaterThan(0);
      expect(rssMb() - before).toBeLessThan(400);
    },
  );
});
