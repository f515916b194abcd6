/**
 * Tanks in a real browser: Debian's Chromium (driven by playwright-core) against the whole system with
 * the Tanks services, started as `npm start -- --profile tanks` starts it. A player's practice battle
 * (two reference bots) is played by the battles service; the player opens its page, plays the replay (re-simulated in the page by the shared engine), seeks, and reaches the final
 * scoreboard. The battle page's screenshot is kept in docs/images/battle-page.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serviceByName } from '@garrison/deploy';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { browserSuiteSkipped, launchChromium, screenshotPath } from './support/browser.js';

const DOCS_IMAGE = new URL('../../docs/images/battle-page.png', import.meta.url);
/** A hosted practice duel of two reference bots runs headless: well within this. */
const BATTLE_DONE_MS = 90_000;

const battlesMissing = !serviceByName('battles').implemented;
if (battlesMissing) {
  console.warn(
    'Tanks browser tests skipped: the battles service is not implemented yet (deploy/src/topology.ts `implemented: false`)',
  );
}

interface BattleView {
  id: string;
  status: string;
  participants: Array<{ builtin: string | null; place: number | null }>;
}

describe.skipIf(browserSuiteSkipped('Tanks browser tests') || battlesMissing)(
  'Tanks battle page in a real browser',
  () => {
    let system: RunningSystem;
    let browser: Browser;
    const pageErrors: string[] = [];
    const login = `tanker${Date.now().toString(36)}`;
    const password = 'correct horse battery';
    let token: string;
    let battle: BattleView;

    async function api<T>(
      method: string,
      path: string,
      body?: unknown,
    ): Promise<{ status: number; body: T }> {
      const response = await fetch(`${system.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    }

    beforeAll(async () => {
      system = await startSystem({ profile: 'tanks' });
      browser = await launchChromium();

      const registered = await api('POST', '/api/auth/register', {
        login,
        password,
        displayName: 'Tank Commander',
      });
      expect(registered.status).toBe(201);
      const tokens = await api<{ accessToken: string }>('POST', '/api/auth/login', { login, password });
      expect(tokens.status).toBe(200);
      token = tokens.body.accessToken;

      const created = await api<{ id: string }>('POST', '/api/battles', {
        participants: [{ builtin: 'tracker' }, { builtin: 'sniper' }],
        rounds: 2,
        seed: 42,
      });
      if (created.status !== 201)
        throw new Error(`POST /api/battles → ${created.status}\n${system.logTail(40)}`);
      const deadline = Date.now() + BATTLE_DONE_MS;
      for (;;) {
        battle = (await api<BattleView>('GET', `/api/battles/${created.body.id}`)).body;
        if (battle.status === 'finished') break;
        if (battle.status === 'cancelled' || Date.now() > deadline) {
          throw new Error(`battle ${created.body.id} is ${battle.status}\n${system.logTail(40)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await system?.stop();
    }, 60_000);

    async function openSignedIn(): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${system.url}/#/login`);
      await page.getByLabel('Login').fill(login);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Welcome, Tank Commander' }).waitFor();
      return page;
    }

    const battleTime = async (page: Page) => (await page.getByLabel('Battle time').textContent()) ?? '';
    const seconds = (time: string) => {
      const [m, s] = (time.split(' / ')[0] ?? '').split(':').map(Number);
      return (m ?? 0) * 60 + (s ?? 0);
    };

    it('when a player opens a finished battle, plays, seeks and reaches the end, then the final scoreboard shows the places', async () => {
      const page = await openSignedIn();

      // Two reference bots: the player is no participant, so the battle is opened by its link.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tanks' }).click();
      await page.getByRole('heading', { name: 'Recent battles' }).waitFor();
      await page.goto(`${system.url}/#/battles/${battle.id}`);
      await page.getByRole('img', { name: 'Battle arena' }).waitFor();
      const play = page.getByRole('button', { name: 'Play' });
      await play.waitFor();
      expect(await page.getByRole('list', { name: 'Tanks' }).getByRole('listitem').count()).toBe(2);
      expect(await battleTime(page)).toMatch(/^0:00 \/ \d+:\d\d$/);

      // Play: battle time moves on; pause: it stays.
      await page.getByLabel('Speed').selectOption('4');
      await play.click();
      await expect.poll(async () => seconds(await battleTime(page)), { timeout: 10_000 }).toBeGreaterThan(1);
      await page.getByRole('button', { name: 'Pause' }).click();
      const paused = await battleTime(page);
      await page.waitForTimeout(400);
      expect(await battleTime(page)).toBe(paused);

      // Seek half way with the slider's own keys: the engine restarts from a keyframe there.
      const seek = page.getByRole('slider', { name: 'Seek' });
      const end = Number(await seek.getAttribute('max'));
      expect(end).toBeGreaterThan(0);
      await seek.focus();
      await page.keyboard.press('Home');
      for (let k = 0; k < 5; k++) await page.keyboard.press('PageUp');
      await expect.poll(async () => Number(await seek.inputValue())).toBeGreaterThan(end * 0.3);
      expect(seconds(await battleTime(page))).toBeGreaterThan(seconds(paused));
      await page.evaluate('window.scrollTo(0, 0)');
      await page.waitForTimeout(300);
      await page.screenshot({ path: DOCS_IMAGE.pathname });

      // Near the end at 16×: the scoreboard appears when the last tick has played.
      await page.keyboard.press('End');
      await page.keyboard.press('PageDown');
      await page.getByLabel('Speed').selectOption('16');
      await page.getByRole('button', { name: 'Play' }).click();
      const scoreboard = page.getByRole('table', { name: 'Final scoreboard' });
      await scoreboard.waitFor({ timeout: 30_000 });
      const rows = scoreboard.getByRole('row');
      expect(await rows.count()).toBe(3); // header + two tanks
      expect(await rows.nth(1).textContent()).toMatch(/^1st/);
      const winner = battle.participants.find((p) => p.place === 1)?.builtin;
      if (winner) expect(await rows.nth(1).textContent()).toContain(winner);
      await page.screenshot({ path: screenshotPath('battle-scoreboard') });

      expect(pageErrors).toEqual([]);
    }, 90_000);

    it('when a player picks rules v2 for a practice battle, then the battle page draws the obstacles on the arena', async () => {
      const page = await openSignedIn();
      await page.goto(`${system.url}/#/practice`);
      await page.getByLabel('Seat 1').selectOption('builtin:tracker');
      await page.getByLabel('Seat 2').selectOption('builtin:sniper');
      await page.getByLabel('Rounds').fill('1');
      await page.getByLabel('Rules').selectOption('2');
      await page.getByRole('button', { name: 'Start battle' }).click();
      await page.waitForURL(/#\/battles\/[0-9a-f-]{36}$/);
      const battleId = page.url().split('/').at(-1)!;
      const deadline = Date.now() + BATTLE_DONE_MS;
      let created: BattleView & { rulesVersion?: number };
      for (;;) {
        created = (await api<BattleView & { rulesVersion?: number }>('GET', `/api/battles/${battleId}`)).body;
        if (created.status === 'finished' || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(created).toMatchObject({ status: 'finished', rulesVersion: 2 });
      await page.reload();
      await page.getByRole('img', { name: 'Battle arena' }).waitFor();
      await page.getByRole('button', { name: 'Play' }).waitFor();
      await page.waitForTimeout(300);
      // Pixels of the obstacle fill (apps/web/src/tanks/draw.ts) on the replay player's canvas.
      const obstaclePixels = (await page.evaluate(`(() => {
        const canvas = document.querySelector('canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4)
          if (data[i] === 0x3a && data[i + 1] === 0x4a && data[i + 2] === 0x51) n++;
        return n;
      })()`)) as number;
      expect(obstaclePixels).toBeGreaterThan(500);
      expect(pageErrors).toEqual([]);
    }, 120_000);

    it('when a player starts a practice battle with a keyboard seat, then the battle page drives their tank live', async () => {
      const page = await openSignedIn();
      await page.goto(`${system.url}/#/practice`);
      await page.getByLabel('Seat 1').selectOption('local');
      await page.getByLabel('Seat 2').selectOption('builtin:sitting-duck');
      await page.getByLabel('Rounds').fill('1');
      await page.getByRole('button', { name: 'Start battle' }).click();
      await page.waitForURL(/#\/battles\/[0-9a-f-]{36}$/);
      const battleId = page.url().split('/').at(-1)!;

      // The browser's agent connection took the seat: ticks arrive and are answered with the keys held.
      await page.getByText('You are driving').waitFor({ timeout: 30_000 });
      await page.keyboard.down('ArrowUp');
      await page.waitForTimeout(1_000);
      await page.keyboard.up('ArrowUp');
      const live = await api<{ status: string; participants: Array<{ userId: string | null }> }>(
        'GET',
        `/api/battles/${battleId}`,
      );
      expect(live.body.status).toBe('running');
      expect(live.body.participants.filter((p) => p.userId !== null)).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    }, 90_000);
  },
);
