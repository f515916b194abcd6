import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Game from '../src/index.js';

const CHROMIUM = '/usr/bin/chromium';
const inCi = process.env.CI === 'true';

type GameModule = typeof Game;

/**
 * Runs in Node and, as source text, in the page: a live free-for-all of the reference bots (their
 * own code avoids Math.sin/cos/atan2, whose last bit differs between JavaScript engines), and the
 * re-simulation of a replay, digesting every state.
 */
function live(G: GameModule, rulesVersion = '1'): string {
  const bots = ['sniper', 'tracker', 'spinner', 'sitting-duck'];
  const recorder = new G.ReplayRecorder();
  G.playBattleSync({
    seed: 77,
    rulesVersion: Number(rulesVersion),
    participants: bots.map((name) => ({ name })),
    controllers: bots.map((b) => G.directController(G.builtinBot(b))),
    recorder,
  });
  return recorder.text();
}

function digestOfResimulation(G: GameModule, replayText: string): string {
  let h = 0x811c9dc5;
  const sim = G.resimulate(G.parseReplay(replayText), {
    onStep: (m) => {
      const s = JSON.stringify(m.snapshot());
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
    },
  });
  return `${h}:${JSON.stringify(sim.results)}`;
}

async function inPage<T>(page: Page, fn: (G: GameModule, arg: string) => T, arg: string): Promise<T> {
  return (await page.evaluate(`(${fn.toString()})(globalThis.Game, ${JSON.stringify(arg)})`)) as T;
}

describe.skipIf(!existsSync(CHROMIUM) && !inCi)('determinism in a browser', () => {
  it('when the engine runs in Chromium, then battles and re-simulations match Node byte for byte', async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'Game',
      write: false,
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text });

      expect(await inPage(page, live, '1')).toBe(live(Game));
      // Rules v2: obstacles from the seed, and the terrain tests on every move, bullet and scan.
      const v2 = live(Game, '2');
      expect(v2).toContain('"obstacles"');
      expect(await inPage(page, live, '2')).toBe(v2);
      expect(await inPage(page, digestOfResimulation, v2)).toBe(digestOfResimulation(Game, v2));

      const recorder = new Game.ReplayRecorder();
      const bots = ['sniper', 'tracker', 'spinner', 'sitting-duck'];
      Game.playBattleSync({
        seed: 78,
        participants: bots.map((name) => ({ name })),
        controllers: bots.map((b) => Game.directController(Game.builtinBot(b))),
        recorder,
      });
      const text = recorder.text();
      expect(await inPage(page, digestOfResimulation, text)).toBe(digestOfResimulation(Game, text));
    } finally {
      await browser.close();
    }
  }, 60_000);
});
