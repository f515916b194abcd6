import { afterEach, describe, expect, it } from 'vitest';
import type { BotEvent, Tick } from '@garrison/bot-api';
import {
  builtinBot,
  directController,
  playBattleSync,
  type Answer,
  type SyncController,
} from '@garrison/game';
import { loadSandboxedBot, type SandboxedBot, type SandboxLimits } from '../src/index.js';
import { normalizeIntent } from '../src/intent.js';
import { INITIAL_VIEW_SLOTS } from '../src/sandboxed-bot.js';
import { sampleRoundInfo, sampleTick } from './fixtures.js';

// The numeric boundary (ADR 260): observations cross as doubles in the bot's WebAssembly memory and
// intents come back the same way. These tests hold it to the JSON boundary it replaced.

/**
 * A canonical text of a value that tells apart everything a bot could: key order, array vs object,
 * prototype, the exact bits of every double (so -0, and the last bit of 0.1 + 0.2, count).
 * The same function runs on the host (here) and inside QuickJS (its source goes into the bot).
 */
function canonical(value: unknown): string {
  const bits = new DataView(new ArrayBuffer(8));
  function walk(v: unknown): string {
    if (typeof v === 'number') {
      bits.setFloat64(0, v);
      return `n:${bits.getUint32(0).toString(16)}.${bits.getUint32(4).toString(16)}`;
    }
    if (typeof v === 'string') return `s:${JSON.stringify(v)}`;
    if (typeof v === 'boolean') return `b:${v}`;
    if (v === null) return 'null';
    if (Array.isArray(v)) {
      const proto = Object.getPrototypeOf(v) === Array.prototype ? '' : '!proto';
      return `[${proto}${v.map(walk).join(',')}]`;
    }
    if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v) === Object.prototype ? '' : '!proto';
      const record = v as Record<string, unknown>;
      return `{${proto}${Object.keys(record)
        .map((key) => `${JSON.stringify(key)}=${walk(record[key])}`)
        .join(',')}}`;
    }
    return `?${typeof v}`;
  }
  return walk(value);
}

/** A bot that logs the canonical text of each observation it is given. */
const MIRROR = `${canonical.toString()}
export default { onTick(tick) { console.log(canonical(tick)); return {}; } };`;

const roomyLimits: Partial<SandboxLimits> = {
  maxLineChars: 1_000_000,
  maxResultChars: 2_000_000,
  maxLogChars: 50_000_000,
  maxLogEntries: 100_000,
  tickSteps: 10_000,
  roundBankSteps: 100_000,
  roundCapSteps: 10_000_000,
};

const loaded: SandboxedBot[] = [];
async function load(source: string, limits: Partial<SandboxLimits> = {}): Promise<SandboxedBot> {
  const bot = await loadSandboxedBot({ source, language: 'js', name: 'probe', limits });
  loaded.push(bot);
  return bot;
}
afterEach(() => {
  for (const bot of loaded.splice(0)) bot.dispose();
});

/** Every observation every tank got in some real battles, chosen so that every event kind occurs. */
function recordedObservations(): Tick[] {
  const seen: Tick[] = [];
  const recording = (inner: SyncController, skipEvery = 0): SyncController => ({
    onRoundStart: (info) => inner.onRoundStart(info),
    onTick: (tick): Answer => {
      seen.push(structuredClone(tick));
      const answer = inner.onTick(tick);
      // A bot that skips now and then makes the engine report `skipped` events.
      return skipEvery > 0 && tick.tick % skipEvery === 3 ? { skipped: `test skip at ${tick.tick}` } : answer;
    },
  });
  const battles: Array<{ seed: number; bots: string[]; rulesVersion: number }> = [
    { seed: 1, bots: ['tracker', 'sniper'], rulesVersion: 1 },
    { seed: 4, bots: ['duelist', 'spinner', 'tracker', 'sniper'], rulesVersion: 1 },
    { seed: 7, bots: ['tracker', 'tracker', 'spinner', 'sitting-duck'], rulesVersion: 2 },
  ];
  for (const { seed, bots, rulesVersion } of battles) {
    playBattleSync({
      seed,
      rounds: 2,
      rulesVersion,
      participants: bots.map((name, i) => ({ name: `${name}${i}` })),
      controllers: bots.map((name, i) => recording(directController(builtinBot(name)), i === 1 ? 11 : 0)),
    } as Parameters<typeof playBattleSync>[0]);
  }
  return seen;
}

describe('the numeric sandbox boundary', { timeout: 120_000 }, () => {
  it('when real recorded observations with every event kind cross, then the bot sees exactly the host’s objects, bit for bit', async () => {
    const observations = recordedObservations();
    const kinds = new Set(observations.flatMap((tick) => tick.events.map((event) => event.type)));
    expect([...kinds].sort()).toEqual([
      'bulletHit',
      'bulletMissed',
      'hitByBullet',
      'hitTank',
      'hitWall',
      'scan',
      'skipped',
      'tankDestroyed',
    ] satisfies Array<BotEvent['type']>);
    const bot = await load(MIRROR, roomyLimits);
    bot.onRoundStart(sampleRoundInfo());
    const mismatches: number[] = [];
    observations.forEach((tick, index) => {
      const answer = bot.onTick(tick);
      expect(answer).toEqual({ intent: {} });
      const seen = bot.debugLog().at(-1);
      if (seen?.text !== canonical(tick)) mismatches.push(index);
    });
    expect(mismatches).toEqual([]);
    expect(bot.debugLog()).toHaveLength(observations.length);
  });

  it('when an observation has values JSON could not carry exactly (-0, the last bit), then the bot still sees the host’s doubles', async () => {
    const tick = sampleTick(3);
    tick.self.speed = -0;
    tick.self.x = 0.1 + 0.2;
    tick.self.heading = Number.MIN_VALUE;
    tick.events.push(
      { type: 'hitTank', id: 1, damage: 1, rammer: false },
      { type: 'skipped', reason: 'é "quoted"\n' },
    );
    const bot = await load(MIRROR, roomyLimits);
    bot.onRoundStart(sampleRoundInfo());
    bot.onTick(tick);
    expect(bot.debugLog().at(-1)?.text).toBe(canonical(tick));
  });

  it('when an observation is larger than the shared view, then the view grows and the observation arrives whole', async () => {
    const tick = sampleTick(5);
    tick.bullets = Array.from({ length: INITIAL_VIEW_SLOTS / 6 + 10 }, (_, i) => ({
      id: i,
      x: i + 0.5,
      y: i / 3,
      heading: (i * 7) % 360,
      power: 1,
      speed: 34,
    }));
    const bot = await load(MIRROR, roomyLimits);
    bot.onRoundStart(sampleRoundInfo());
    bot.onTick(sampleTick(4));
    bot.onTick(tick);
    bot.onTick(sampleTick(6));
    const expected = [sampleTick(4), tick, sampleTick(6)].map(canonical);
    // Compared as booleans: a failure would otherwise print a third of a megabyte.
    expect(bot.debugLog().map((entry, i) => entry.text === expected[i])).toEqual([true, true, true]);
  });

  it('when the bot’s memory grows between ticks, then the host finds the view again and the observations stay exact', async () => {
    const bot = await load(
      `${canonical.toString()}
      let keep = [];
      export default { onTick(tick) {
        // ~10 MiB more each time: the WebAssembly memory grows past its first 16 MiB.
        if (tick.tick <= 2) keep.push(new Float64Array(1_300_000));
        console.log(canonical(tick));
        return { speed: keep.length };
      } };`,
      roomyLimits,
    );
    bot.onRoundStart(sampleRoundInfo());
    const ticks = [1, 2, 3, 4].map((n) => {
      const tick = sampleTick(n);
      tick.self.x = n + 0.1;
      return tick;
    });
    const answers = ticks.map((tick) => bot.onTick(tick));
    expect(answers).toEqual([1, 2, 2, 2].map((speed) => ({ intent: { speed } })));
    expect(bot.debugLog().map((entry) => entry.text)).toEqual(ticks.map(canonical));
  });

  // Each intent as bot source, beside what the JSON boundary made of it: normalizeIntent of the
  // intent after JSON.stringify/JSON.parse (what the host got before ADR 260).
  const intents: Array<[string, string]> = [
    ['an empty object', '({})'],
    ['undefined', 'undefined'],
    ['null', 'null'],
    ['every field', '({ speed: 16, bodyTurn: -0.1 - 0.2, turretTurn: 1e-300, radarTurn: -45, fire: 3 })'],
    ['fields in another order', '({ fire: 0.5, speed: -8 })'],
    ['-0', '({ speed: -0, fire: -0 })'],
    ['an unknown field', '({ speed: 1, radarTrun: 45 })'],
    ['an unknown field left undefined', '({ speed: 1, extra: undefined })'],
    ['a known field left undefined', '({ speed: undefined, fire: 1 })'],
    ['fire: false', '({ fire: false, speed: 2 })'],
    ['fire: null', '({ fire: null })'],
    ['NaN', '({ speed: NaN })'],
    ['Infinity', '({ bodyTurn: Infinity })'],
    ['a string number', "({ speed: '5' })"],
    ['a function field', '({ speed: () => 5, fire: 1 })'],
    ['debug text', "({ speed: 1, debug: 'hello' })"],
    ['debug object', '({ debug: { a: [1, 2] } })'],
    ['a getter', '({ get speed() { return 7; } })'],
    ['a null prototype', 'Object.assign(Object.create(null), { speed: 3 })'],
    ['a class instance', '(new (class { constructor() { this.speed = 4; } })())'],
    ['toJSON', '({ speed: 1, toJSON() { return { speed: 9 }; } })'],
    ['numeric-like keys', "({ 0: 1, speed: 2, '1': 3 })"],
    ['an object with valueOf', '({ speed: { valueOf() { return 1; } } })'],
    ['a Number object', '({ speed: new Number(5), fire: 1 })'],
  ];
  it.each(intents)(
    'when onTick returns %s, then the host reads the intent the JSON boundary read',
    async (_, expression) => {
      const intent = new Function(`return ${expression};`)() as unknown;
      const json = JSON.stringify({ i: intent === undefined ? null : intent });
      const expected = normalizeIntent((JSON.parse(json) as { i: unknown }).i, 200);
      const bot = await load(`export default { onTick() { return ${expression}; } };`);
      bot.onRoundStart(sampleRoundInfo());
      const answer = bot.onTick(sampleTick(1));
      if (expected.ok) {
        expect(answer).toEqual({ intent: expected.intent });
        // Object.is: -0 came back as 0 through JSON, and still does.
        for (const [field, value] of Object.entries(expected.intent))
          expect(Object.is((answer as { intent: Record<string, unknown> }).intent[field], value)).toBe(true);
        const warnings = bot.debugLog().filter((entry) => entry.text.startsWith('unknown intent field'));
        expect(warnings).toHaveLength(expected.unknownFields.length);
      } else {
        expect(answer).toEqual({ skipped: expected.reason });
      }
    },
  );

  // Bots that bend the objects JSON reads: what JSON.stringify made of them, written out by hand
  // (evaluating them here would bend the test's own prototypes).
  const bent: Array<[string, string, unknown, number]> = [
    ['an inherited field', 'Object.prototype.speed = 5; const make = () => ({ fire: 1 });', { fire: 1 }, 0],
    [
      'an inherited field and an unknown one',
      'Object.prototype.speed = 5; const make = () => ({ foo: 1 });',
      {},
      1,
    ],
    [
      'a non-enumerable field beside an undefined one',
      "const make = () => Object.defineProperty({ fire: undefined }, 'speed', { value: 5, enumerable: false });",
      {},
      0,
    ],
    [
      'Array.prototype.undefined and a non-enumerable field',
      "Array.prototype.undefined = 1; const make = () => Object.defineProperty({ foo: 2 }, 'speed', { value: 3 });",
      {},
      1,
    ],
  ];
  it.each(bent)(
    'when onTick returns %s, then the host reads what JSON read',
    async (_, setup, intent, warnings) => {
      const bot = await load(`${setup} export default { onTick() { return make(); } };`);
      bot.onRoundStart(sampleRoundInfo());
      expect(bot.onTick(sampleTick(1))).toEqual({ intent });
      expect(bot.debugLog().filter((entry) => entry.text.startsWith('unknown intent field'))).toHaveLength(
        warnings,
      );
    },
  );

  it('when a bot logs and answers with numbers, then both the lines and the intent arrive', async () => {
    const bot = await load(
      `export default { onTick(t) { console.log('at', t.tick); return { speed: 2.5 }; } };`,
    );
    bot.onRoundStart(sampleRoundInfo());
    expect(bot.onTick(sampleTick(8))).toEqual({ intent: { speed: 2.5 } });
    expect(bot.debugLog().map((entry) => entry.text)).toEqual(['at 8']);
  });

  it('when a bot replaces the built-ins the boundary uses, then its observations and answers are unaffected', async () => {
    const bot = await load(`
      globalThis.Float64Array = function () { throw new Error('no'); };
      globalThis.ArrayBuffer = null;
      Object.keys = () => ['speed'];
      Object.getPrototypeOf = () => null;
      JSON.parse = () => ({ tick: -1 });
      JSON.stringify = () => '{"i":{"speed":99},"l":[],"d":0}';
      export default { onTick(tick) { return { speed: tick.self.x, fire: tick.events.length }; } };`);
    bot.onRoundStart(sampleRoundInfo());
    const tick = sampleTick(2);
    tick.self.x = 123.456;
    expect(bot.onTick(tick)).toEqual({ intent: { speed: 123.456, fire: 1 } });
  });

  it('when the same observations are played twice, then every tick is charged the same steps', async () => {
    const observations = recordedObservations().slice(0, 400);
    const runs = [];
    for (let run = 0; run < 2; run++) {
      const bot = await load(
        `export default { onTick(t) { let s = 0; for (let i = 0; i < 2000 + t.tick * 50; i++) s += i; return { speed: s % 7 }; } };`,
      );
      bot.onRoundStart(sampleRoundInfo());
      for (const tick of observations) bot.onTick({ ...tick, round: 1 });
      runs.push(bot.budget());
    }
    expect(runs[0]![0]!.steps.filter((steps) => steps > 0).length).toBeGreaterThan(10);
    expect(runs[1]).toEqual(runs[0]);
  });
});
