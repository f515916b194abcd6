import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_BOTS,
  botFromTrustedSource,
  builtinBot,
  builtinBotSource,
  directController,
  playBattleSync,
} from '../src/index.js';
import type { Bot } from '../src/index.js';

const file = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** Plays one seeded duel, alternating sides by seed; true when `a` places first. */
function wins(a: () => Bot, b: () => Bot, seed: number): boolean {
  const aFirst = seed % 2 === 1;
  const bots = aFirst ? [a(), b()] : [b(), a()];
  const results = playBattleSync({
    seed,
    participants: [{ name: aFirst ? 'a' : 'b' }, { name: aFirst ? 'b' : 'a' }],
    controllers: bots.map(directController),
  });
  return results.places[0]!.name === 'a';
}

describe('reference bots', () => {
  it('when each reference bot plays 20 seeded duels against the previous one, then it wins at least 80%', () => {
    const record: Record<string, number> = {};
    for (let k = 1; k < BUILTIN_BOTS.length; k++) {
      const stronger = BUILTIN_BOTS[k]!;
      const weaker = BUILTIN_BOTS[k - 1]!;
      let won = 0;
      for (let seed = 1; seed <= 20; seed++)
        if (
          wins(
            () => builtinBot(stronger),
            () => builtinBot(weaker),
            seed,
          )
        )
          won++;
      record[`${stronger} vs ${weaker}`] = won;
    }
    for (const won of Object.values(record)) expect(won).toBeGreaterThanOrEqual(16);
  });

  it('when src/builtin-sources.ts is compared with bots/*.js, then it is up to date (npx tsx packages/game/scripts/embed-bots.ts)', () => {
    for (const name of BUILTIN_BOTS) expect(builtinBotSource(name)).toBe(file(`bots/${name}.js`));
  });

  it('when a reference bot is read, then it imports nothing (it must run inside the sandbox)', () => {
    for (const name of BUILTIN_BOTS) {
      const src = builtinBotSource(name);
      expect(src).toMatch(/^export default \{/m);
      expect(src).not.toMatch(/\bimport\b|\brequire\s*\(|Math\.random|Date\.now|\bprocess\b/);
    }
  });

  it('when a bot is asked for twice, then each instance has its own state; unknown names fail', () => {
    expect(builtinBot('tracker')).not.toBe(builtinBot('tracker'));
    expect(() => builtinBot('rambo')).toThrow(/no built-in bot "rambo"/);
  });

  it('when the step-4 listing of docs/bots.md plays the sitting duck, then it wins every one of 10 duels', () => {
    const guide = readFileSync(new URL('../../../docs/bots.md', import.meta.url), 'utf8');
    const listing = /```js\n\/\/ step-4-bot\.js\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(listing).toBeDefined();
    let won = 0;
    for (let seed = 1; seed <= 10; seed++)
      if (
        wins(
          () => botFromTrustedSource(listing!),
          () => builtinBot('sitting-duck'),
          seed,
        )
      )
        won++;
    expect(won).toBe(10);
  });

  it("when the guide's first bot plays the sitting duck, then it wins every one of 10 duels", () => {
    const source = file('examples/first-bot.js');
    const quiet = `const console = { log() {} };\n${source}`; // the sandbox captures console; here it is muted
    let won = 0;
    for (let seed = 1; seed <= 10; seed++)
      if (
        wins(
          () => botFromTrustedSource(quiet),
          () => builtinBot('sitting-duck'),
          seed,
        )
      )
        won++;
    expect(won).toBe(10);
  });
});
