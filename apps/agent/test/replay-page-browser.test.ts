import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReplayRecorder, builtinBot, directController, playBattleSync } from '@garrison/game';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderReplayPage } from '../src/replay-page.js';

const CHROMIUM = '/usr/bin/chromium';
const inCi = process.env.CI === 'true';
/** The fill of an obstacle on the arena canvas (apps/web/src/tanks/draw.ts OBSTACLE). */
const OBSTACLE_RGB = [0x3a, 0x4a, 0x51];

function replayText(rulesVersion: number): string {
  const recorder = new ReplayRecorder();
  playBattleSync({
    seed: 21,
    rounds: 1,
    rulesVersion,
    rules: { tickLimit: 100 },
    participants: [{ name: 'tracker' }, { name: 'spinner' }],
    controllers: [directController(builtinBot('tracker')), directController(builtinBot('spinner'))],
    recorder,
  });
  return recorder.text();
}

describe.skipIf(!existsSync(CHROMIUM) && !inCi)('the replay page in a browser', () => {
  it('when a rules v2 replay is opened, then the web player draws its obstacles on the canvas; a v1 replay has none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garrison-replay-page-'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const obstaclePixels = async (rulesVersion: number): Promise<number> => {
        const file = join(dir, `v${rulesVersion}.html`);
        await writeFile(file, await renderReplayPage(replayText(rulesVersion)));
        const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('canvas');
        await page.waitForTimeout(300); // the first frame is painted on the next animation frame
        // Source text: this package is typed for Node, the function runs in the page.
        const [r, g, b] = OBSTACLE_RGB;
        return (await page.evaluate(`(() => {
          const canvas = document.querySelector('canvas');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 0; i < data.length; i += 4)
            if (data[i] === ${r} && data[i + 1] === ${g} && data[i + 2] === ${b}) n++;
          return n;
        })()`)) as number;
      };
      const v2 = await obstaclePixels(2);
      const v1 = await obstaclePixels(1);
      expect(v2).toBeGreaterThan(500);
      expect(v1).toBe(0);
    } finally {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
