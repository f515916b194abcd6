/**
 * The script evaluated inside each sandbox before the bot's code. It evaluates to `attach(ns)`,
 * which wraps the bot module in two functions the host keeps handles to:
 * `start(json)` and `tick(json)`, each taking ONE JSON string and returning ONE JSON string
 * `{i?: intent, e?: error, l: [level, text, …], d: droppedLines}` — one crossing per call, the
 * fastest boundary measured (STACK.md). It also installs a bounded `console` and a seeded
 * `Math.random` (offline battles replay bit for bit). Built-ins are captured before bot code
 * runs, so a bot that tampers with globals only confuses itself; the host still checks all.
 */
export function preludeSource(options: {
  maxLinesPerCall: number;
  maxLineChars: number;
  maxResultChars: number;
  randomSeed: number;
}): string {
  const { maxLinesPerCall, maxLineChars, maxResultChars } = options;
  const seed = options.randomSeed >>> 0;
  return `(function () {
  'use strict';
  const parse = JSON.parse, stringify = JSON.stringify, toText = String, isArray = Array.isArray, imul = Math.imul;
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

  return function attach(ns) {
    const bot = ns !== null && typeof ns === 'object' && ns.default !== undefined ? ns.default : ns;
    if (bot === null || (typeof bot !== 'object' && typeof bot !== 'function') || typeof bot.onTick !== 'function') {
      throw new TypeError('the module must \`export default { onTick(tick) { … } }\`');
    }
    return {
      start(json) {
        try {
          if (typeof bot.onRoundStart === 'function') bot.onRoundStart(parse(json));
          return finish({});
        } catch (error) {
          return finish({ e: describe(error) });
        }
      },
      tick(json) {
        let intent;
        try {
          intent = bot.onTick(parse(json));
          if (intent !== undefined && intent !== null) {
            if (typeof intent !== 'object' || isArray(intent)) {
              return finish({ e: 'invalid intent: onTick must return an object, got ' + (isArray(intent) ? 'an array' : typeof intent + ' ' + show(intent).slice(0, 40)) });
            }
            if (typeof intent.then === 'function') return finish({ e: 'invalid intent: onTick returned a Promise; bots must answer synchronously' });
          }
        } catch (error) {
          return finish({ e: describe(error) });
        }
        return finish({ i: intent === undefined ? null : intent });
      },
    };
  };
})()`;
}
