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
import type { RoundInfo, Tick } from '@garrison/bot-api';
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

/** A tick in which the enemy sits still 400 units east of us (at 100, 300), just scanned. */
function enemyAheadTick(self: { heading: number; turret: number; radar: number }, bearing: number): Tick {
  return {
    tick: 10,
    round: 1,
    self: { x: 100, y: 300, speed: 0, energy: 100, gunHeat: 0, ...self },
    events: [
      { type: 'scan', id: 1, x: 500, y: 300, heading: 0, speed: 0, energy: 100, distance: 400, bearing },
    ],
    bullets: [],
  } as unknown as Tick;
}

/** A fresh reference bot's answer to `tick` in an 800×600 arena with these obstacles. */
function firstAnswer(
  name: string,
  obstacles: Array<{ x: number; y: number; width: number; height: number }>,
  tick: Tick,
) {
  const bot = builtinBot(name);
  bot.onRoundStart?.({ round: 1, selfId: 0, arena: { width: 800, height: 600, obstacles } } as RoundInfo);
  return bot.onTick(tick);
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
  }, 180_000); // 80 whole duels in-process: a busy shared machine needs more than the default

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

  it('when tracker has its enemy in its sights behind an obstacle (rules v2), then it holds its fire and turns off the line; in the open it fires', () => {
    const arena = { width: 800, height: 600, obstacles: [{ x: 280, y: 250, width: 40, height: 100 }] };
    const aimedTick = enemyAheadTick({ heading: 90, turret: 90, radar: 90 }, 90);
    const answer = (obstacles: boolean) =>
      firstAnswer('tracker', obstacles ? arena.obstacles : [], aimedTick);
    expect(answer(false)).toMatchObject({ fire: 1.5, speed: 16, bodyTurn: 0 });
    const behindCover = answer(true);
    expect(behindCover).toMatchObject({ fire: 0, speed: 8 });
    expect(behindCover?.bodyTurn).toBeGreaterThan(0);
  });

  it.each(['sniper', 'duelist'] as const)(
    'when %s has its shot lined up behind an obstacle (rules v2), then it holds its fire; in the open it fires',
    (name) => {
      const obstacle = { x: 280, y: 250, width: 40, height: 100 };
      const tick = enemyAheadTick({ heading: 90, turret: 0, radar: 0 }, 0);
      const fireWith = (obstacles: (typeof obstacle)[]) => firstAnswer(name, obstacles, tick)?.fire;
      expect(fireWith([])).toBeGreaterThan(0);
      expect(fireWith([obstacle])).toBe(0);
    },
  );

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
