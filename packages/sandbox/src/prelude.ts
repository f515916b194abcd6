import { answerWriterSource, decoderSource } from './tick-codec.js';

/**
 * The script evaluated inside each sandbox before the bot's code. It evaluates to `attach(ns)`,
 * which wraps the bot module in the functions the host keeps handles to. `start(json)` takes the
 * round info as ONE JSON string. `tick(reasons)` reads the observation from the shared view — a
 * Float64Array in this instance's WebAssembly memory that the host writes (ADR 260,
 * `tick-codec.ts`) — and `reasons` is the JSON array of its `skipped` events' reasons or
 * undefined; a plain numeric intent goes back through the view (`tick` returns undefined), any
 * other answer as ONE JSON string `{i?: intent, e?: error, l: [level, text, …], d: droppedLines}`,
 * as `start` answers. `attach.share(bytes, m0…m3)` makes a new view buffer marked with four
 * doubles the host then finds in the memory, and `attach.bind(pad)` aligns the view and returns its
 * first slot (both called by the host before the bot's module runs, and when a view must grow).
 * The prelude also installs a bounded `console` and a seeded
 * `Math.random` (offline battles replay bit for bit), and the battle's clock in place of the real
 * one: `Date.now()`, `new Date()` and `performance.now()` read a time that advances 100 ms per tick
 * and stands still within a tick (ADR 212), so no bot can tell how fast its host is. Built-ins are captured before bot code
 * runs, so a bot that tampers with globals only confuses itself; the host still checks all.
 */
/** What `Date.now()` reads inside a bot at the first tick of a battle: 2000-01-01T00:00:00Z. */
export const BATTLE_EPOCH_MS = Date.UTC(2000, 0, 1);
/** Battle time per tick: a live battle's tick period (10 ticks a second). */
export const BATTLE_TICK_MS = 100;

export interface PreludeOptions {
  maxLinesPerCall: number;
  maxLineChars: number;
  maxResultChars: number;
  randomSeed: number;
}

/**
 * The statements every prelude starts with: the captured built-ins, the bounded `console`, the
 * battle clock, the seeded `Math.random`, and `describe`/`finish` for the JSON answer.
 */
export function preludeEnvironmentSource(options: PreludeOptions): string {
  const { maxLinesPerCall, maxLineChars, maxResultChars } = options;
  const seed = options.randomSeed >>> 0;
  return `  const parse = JSON.parse, stringify = JSON.stringify, toText = String, isArray = Array.isArray, imul = Math.imul;
  const getProto = Object.getPrototypeOf, keysOf = Object.keys, ObjectProto = Object.prototype;
  const HostFloat64Array = Float64Array, HostArrayBuffer = ArrayBuffer;
  const MAX_LINES = ${maxLinesPerCall}, MAX_CHARS = ${maxLineChars}, MAX_RESULT = ${maxResultChars};
  let lines = [], dropped = 0;

  function show(value) {
    try {
      if (typeof value === 'string') return value;
      if (typeof value === 'object' && value !== null) {
        if (value instanceof Error) return value.name + ': ' + value.message;
        const json = stringify(value);
        return json === undefined ? toText(value) : json;
      }
      return toText(value);
    } catch (error) {
      return '[unprintable]';
    }
  }
  function write(level, args) {
    if (lines.length >= MAX_LINES * 2) { dropped++; return; }
    let text = '';
    for (let i = 0; i < args.length && text.length <= MAX_CHARS; i++) text += (i === 0 ? '' : ' ') + show(args[i]);
    if (text.length > MAX_CHARS) text = text.slice(0, MAX_CHARS) + '…';
    lines[lines.length] = level;
    lines[lines.length] = text;
  }
  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) console[level] = function () { write(level, arguments); };
  globalThis.console = console;

  let state = ${seed} | 0;
  // The battle clock: BATTLE_EPOCH at the first tick of round 1, TICK_MS per tick, rounds laid end
  // to end at tickLimit ticks each (a round's length does not depend on how the last one ended).
  const BATTLE_EPOCH = ${BATTLE_EPOCH_MS}, TICK_MS = ${BATTLE_TICK_MS};
  const HostDate = Date, construct = Reflect.construct;
  let clock = BATTLE_EPOCH, tickLimit = 1200;
  function setClock(round, tick) {
    if (typeof round === 'number' && typeof tick === 'number') clock = BATTLE_EPOCH + ((round - 1) * tickLimit + tick) * TICK_MS;
  }
  function BattleDate() {
    if (new.target === undefined) return new HostDate(clock).toString();
    return arguments.length === 0 ? construct(HostDate, [clock], new.target) : construct(HostDate, arguments, new.target);
  }
  BattleDate.prototype = HostDate.prototype;
  BattleDate.prototype.constructor = BattleDate;
  BattleDate.now = function now() { return clock; };
  BattleDate.parse = HostDate.parse;
  BattleDate.UTC = HostDate.UTC;
  globalThis.Date = BattleDate;
  globalThis.performance = { now() { return clock - BATTLE_EPOCH; }, timeOrigin: BATTLE_EPOCH };

  Math.random = function random() {
    state = (state + 0x6d2b79f5) | 0;
    let t = imul(state ^ (state >>> 15), 1 | state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  function describe(error) {
    try {
      if (error instanceof Error) {
        const text = error.name + ': ' + error.message + (error.stack ? '\\n' + error.stack : '');
        return text.length > 2000 ? text.slice(0, 2000) + '…' : text;
      }
      return 'threw a non-Error value: ' + show(error).slice(0, 500);
    } catch (failure) {
      return 'threw a value that cannot be described';
    }
  }
  function finish(payload) {
    payload.l = lines;
    payload.d = dropped;
    lines = [];
    dropped = 0;
    let text;
    try {
      text = stringify(payload);
    } catch (error) {
      payload.i = undefined;
      payload.e = 'could not serialize the intent: ' + describe(error);
      try { text = stringify(payload); } catch (again) { text = undefined; }
    }
    if (typeof text !== 'string') return '{"e":"could not serialize the answer","l":[],"d":0}';
    if (text.length > MAX_RESULT) return '{"e":"answer too large: ' + text.length + ' characters","l":[],"d":0}';
    return text;
  }
`;
}

export function preludeSource(options: PreludeOptions): string {
  return `(function () {
  'use strict';
  ${preludeEnvironmentSource(options)}
  ${decoderSource()}
  ${answerWriterSource()}
  let shared, view;

  function attach(ns) {
    const bot = ns !== null && typeof ns === 'object' && ns.default !== undefined ? ns.default : ns;
    if (bot === null || (typeof bot !== 'object' && typeof bot !== 'function') || typeof bot.onTick !== 'function') {
      throw new TypeError('the module must \`export default { onTick(tick) { … } }\`');
    }
    return {
      start(json) {
        try {
          const info = parse(json);
          if (typeof info.tickLimit === 'number') tickLimit = info.tickLimit;
          setClock(info.round, 0);
          if (typeof bot.onRoundStart === 'function') bot.onRoundStart(info);
          return finish({});
        } catch (error) {
          return finish({ e: describe(error) });
        }
      },
      tick(reasons) {
        let intent;
        try {
          const tick = readTick(view, reasons === undefined ? undefined : parse(reasons));
          view[0] = 0;
          setClock(tick.round, tick.tick);
          intent = bot.onTick(tick);
          if (intent !== undefined && intent !== null) {
            if (typeof intent !== 'object' || isArray(intent)) {
              return finish({ e: 'invalid intent: onTick must return an object, got ' + (isArray(intent) ? 'an array' : typeof intent + ' ' + show(intent).slice(0, 40)) });
            }
            if (typeof intent.then === 'function') return finish({ e: 'invalid intent: onTick returned a Promise; bots must answer synchronously' });
          }
        } catch (error) {
          return finish({ e: describe(error) });
        }
        let plain = false;
        if (lines.length === 0 && dropped === 0) {
          try { plain = writeIntent(view, intent); } catch (error) { plain = false; }
        }
        if (plain) return undefined;
        return finish({ i: intent === undefined ? null : intent });
      },
    };
  }
  // The view exists before any bot code runs, and only the host holds these two.
  attach.share = function share(bytes, m0, m1, m2, m3) {
    shared = new HostArrayBuffer(bytes);
    const marks = new HostFloat64Array(shared, 0, 4);
    marks[0] = m0; marks[1] = m1; marks[2] = m2; marks[3] = m3;
  };
  attach.bind = function bind(pad) {
    view = new HostFloat64Array(shared, pad, ((shared.byteLength - pad) / 8) | 0);
    return view[0];
  };
  return attach;
})()`;
}
