import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  botFromTrustedSource,
  builtinBot,
  builtinBotSource,
  directController,
  playBattleSync,
} from '@garrison/game';
import { runBattle } from '@garrison/sandbox';

// The tutorial of docs/bots.md ("Tutorial: from sniper-bait to duelist") makes claims about what
// each step's bot beats; the bots live in docs/tutorial/ and this test plays them.
const STEPS = ['step-1-radar-lock', 'step-2-lead-the-shot', 'step-3-dodge'] as const;
type Step = (typeof STEPS)[number];
const source = (step: Step) =>
  readFileSync(new URL(`../../../docs/tutorial/${step}.js`, import.meta.url), 'utf8');
const SEEDS = [1, 2, 3, 4, 5, 6];

/** Duels won out of SEEDS, played in this process (the engine is the same; console is muted). */
function winsAgainst(step: Step, opponent: string): number {
  const quiet = `const console = { log() {} };\n${source(step)}`;
  let won = 0;
  for (const seed of SEEDS) {
    const results = playBattleSync({
      seed,
      participants: [{ name: step }, { name: opponent }],
      controllers: [directController(botFromTrustedSource(quiet)), directController(builtinBot(opponent))],
    });
    if (results.places[0]!.index === 0) won++;
  }
  return won;
}

describe('the tutorial bots do what docs/bots.md says', { timeout: 120_000 }, () => {
  it('when step 1 (radar lock) plays, then it beats sitting-duck every time but loses to tracker', () => {
    expect(winsAgainst('step-1-radar-lock', 'sitting-duck')).toBe(SEEDS.length);
    expect(winsAgainst('step-1-radar-lock', 'tracker')).toBeLessThanOrEqual(1);
  });

  it('when step 2 (lead the shot, strafe) plays, then it beats tracker but not yet sniper', () => {
    expect(winsAgainst('step-2-lead-the-shot', 'tracker')).toBeGreaterThanOrEqual(5);
    expect(winsAgainst('step-2-lead-the-shot', 'sniper')).toBeLessThanOrEqual(3);
  });

  it('when step 3 (dodge on an energy drop) plays, then it beats sniper and tracker', () => {
    expect(winsAgainst('step-3-dodge', 'sniper')).toBeGreaterThanOrEqual(5);
    expect(winsAgainst('step-3-dodge', 'tracker')).toBeGreaterThanOrEqual(5);
  });

  it('when the steps run in the sandbox, then they start, never skip, and step 3 logs its dodges', async () => {
    for (const step of STEPS) {
      const report = await runBattle({
        seed: 1,
        rounds: 1,
        record: false,
        bots: [
          { name: step, source: source(step), language: 'js' },
          { name: 'sniper', source: builtinBotSource('sniper'), language: 'js' },
        ],
      });
      const bot = report.bots[0]!;
      expect(bot.startupError).toBeUndefined();
      expect(bot.stats.skips).toBe(0);
      if (step === 'step-3-dodge')
        expect(bot.debugLog.some((entry) => /enemy fired \(\d\.\d\), dodging/.test(entry.text))).toBe(true);
    }
  });
});
