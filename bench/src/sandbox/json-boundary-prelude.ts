import { preludeEnvironmentSource, type PreludeOptions } from '@garrison/sandbox/internals';

/**
 * BENCH BASELINE — the prelude of the previous JSON boundary (ADR 020): the same environment as
 * today's prelude (console, clock, random, the JSON answer), with the wrapper as it was before
 * ADR 260: `tick(json)` parses the observation and always answers with JSON text. See
 * json-boundary-bot.ts.
 */
export function preludeSource(options: PreludeOptions): string {
  return `(function () {
  'use strict';
  ${preludeEnvironmentSource(options)}
  return function attach(ns) {
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
      tick(json) {
        let intent;
        try {
          const tick = parse(json);
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
        return finish({ i: intent === undefined ? null : intent });
      },
    };
  };
})()`;
}
