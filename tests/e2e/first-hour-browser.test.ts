/**
 * A player's first hour, in Debian's Chromium against the whole system with the Tanks services (issue 14).
 * Two fresh accounts walk it end to end, one on a 1400×900 screen and one on a 390×844 phone:
 * the landing page (what Garrison is, a battle playing, sign up) → the signed-in home with both products
 * → a bot from the template → upload (the first valid version is active) → "play a practice battle
 * against tracker" → the battle page moves to the replay by itself. On the way: the editor reopens the
 * player's own code and asks before unsaved edits are lost; names carry their version once; the
 * scoreboard stays in its card; after a forced re-login the player is back on the page they were on;
 * on the phone every page fits 390 px and the main navigation is behind a menu button.
 * Screenshots: docs/images/landing.png, home.png, bot-editor.png, battle-phone.png; the rest in test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serviceByName } from '@garrison/deploy';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { browserSuiteSkipped, launchChromium, openPage, screenshotPath } from './support/browser.js';

const DOCS_IMAGES = new URL('../../docs/images/', import.meta.url);
/** A hosted practice duel is played headless in a second or two; on a loaded CI machine it may take this. */
const BATTLE_SHOWN_MS = 120_000;
/** Uploading validates the bot in the sandbox (a smoke round): seconds, more on a loaded machine. */
const UPLOAD_MS = 120_000;
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

const tanksMissing = !serviceByName('battles').implemented || !serviceByName('bots').implemented;
if (tanksMissing) console.warn('First-hour browser tests skipped: the Tanks services are not implemented');

describe.skipIf(browserSuiteSkipped('First-hour browser tests') || tanksMissing)(
  "A player's first hour in a real browser",
  () => {
    let system: RunningSystem;
    let browser: Browser;
    const pageErrors: string[] = [];
    const password = 'correct horse battery';
    const stamp = Date.now().toString(36);

    beforeAll(async () => {
      system = await startSystem({ profile: 'tanks' });
      browser = await launchChromium();
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await system?.stop();
    }, 60_000);

    /** A public round robin a week from now, organised by `login` through the API. */
    async function organise(login: string): Promise<string> {
      const post = async (path: string, body: unknown, token?: string) => {
        const response = await fetch(`${system.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        const answer = (await response.json()) as Record<string, unknown>;
        if (!response.ok) throw new Error(`POST ${path} → ${response.status} ${JSON.stringify(answer)}`);
        return answer;
      };
      const { accessToken } = await post('/api/auth/login', { login, password });
      const tournament = await post(
        '/api/tournaments',
        {
          title: `Pocket Open ${stamp}`,
          format: 'round-robin',
          capacity: 4,
          visibility: 'public',
          rules: { mode: 'duel', rounds: 1 },
          startsAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
        },
        accessToken as string,
      );
      return tournament.id as string;
    }

    const docsImage = (name: string) => new URL(`${name}.png`, DOCS_IMAGES).pathname;
    const scrollWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');
    const battleSeconds = async (page: Page) => {
      const text = (await page.getByLabel('Battle time').first().textContent()) ?? '';
      const [m, s] = (text.split(' / ')[0] ?? '').split(':').map(Number);
      return (m ?? 0) * 60 + (s ?? 0);
    };

    /** From the landing page through the register form to the signed-in home. */
    async function signUp(page: Page, login: string, displayName: string): Promise<void> {
      await page.getByRole('link', { name: /create a free account/i }).click();
      await page.getByLabel('Login').fill(login);
      await page.getByLabel('Display name').fill(displayName);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: `Welcome, ${displayName}` }).waitFor();
    }

    /** Home → a bot from the template (`before` may change the code) → upload: the first valid version is active. */
    async function firstBot(page: Page, botName: string, before?: () => Promise<void>): Promise<void> {
      const tanks = page.getByRole('region', { name: 'Tanks' });
      await tanks.getByRole('list', { name: 'Your first bot' }).waitFor();
      await tanks.getByLabel('Bot name').fill(botName);
      await tanks.getByRole('button', { name: 'Create my bot' }).click();
      await page.getByRole('heading', { name: botName }).waitFor();
      await page.getByText('From the tracker template').waitFor();
      await before?.();
      await page.getByRole('button', { name: 'Upload version' }).click();
      await page.getByText('Version 1 is valid and active').waitFor({ timeout: UPLOAD_MS });
      await page.getByRole('list', { name: 'Versions' }).getByText('active', { exact: true }).waitFor();
    }

    /** "Play a practice battle against tracker" → the battle page, which shows the replay by itself. */
    async function practiceAndWatch(page: Page): Promise<string> {
      await page.getByRole('button', { name: 'Play a practice battle against tracker' }).click();
      await page.waitForURL(/#\/battles\/[0-9a-f-]{36}$/);
      // The battle ends on the server within seconds; the page follows its socket's status and result
      // messages to the replay without a reload, and never sits on "Reconnecting…".
      await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: BATTLE_SHOWN_MS });
      await page.getByText('finished', { exact: true }).waitFor();
      expect(await page.getByText('Reconnecting…').count()).toBe(0);
      return page.url().split('/').at(-1)!;
    }

    it('when a visitor signs up on a desktop, then template → upload → practice → watch works, the code is kept and a forced re-login comes back', async () => {
      const page = await openPage(browser, pageErrors, { viewport: DESKTOP });
      const displayName = 'Desk Commander';
      const botName = 'My First Tank';

      // The landing page says what Garrison is and plays a battle (its clock moves on by itself).
      await page.goto(system.url);
      await page.getByRole('heading', { name: 'Program a tank. Watch it fight.' }).waitFor();
      await page.getByRole('img', { name: 'Battle arena' }).waitFor();
      await expect.poll(() => battleSeconds(page), { timeout: 15_000 }).toBeGreaterThan(1);
      await page.screenshot({ path: docsImage('landing') });

      // Signed in, home offers both products and the first-bot path.
      await signUp(page, `desk${stamp}`, displayName);
      await page.getByRole('heading', { name: 'Task exchange' }).waitFor();
      // The picture shows the first-bot path, not the cards still loading.
      await page.getByRole('button', { name: 'Create my bot' }).waitFor();
      await page.screenshot({ path: docsImage('home') });
      // The player changes the template; leaving with the change unsaved asks first, and "stay" keeps
      // the page and the text.
      const editor = page.getByLabel('Bot source code');
      await firstBot(page, botName, async () => {
        await editor.click();
        // at the top: the editor draws only the lines in view
        await page.keyboard.press('Control+Home');
        await page.keyboard.type('// aim a little ahead\n');
        await page.getByText('changed, not uploaded').waitFor();
        const botUrl = page.url();
        page.once('dialog', (dialog) => void dialog.dismiss());
        await page.getByRole('navigation', { name: 'Tanks' }).getByRole('link', { name: 'My bots' }).click();
        await expect.poll(() => page.url()).toBe(botUrl);
        expect(await editor.textContent()).toContain('// aim a little ahead');
      });

      // Reopened, the editor holds the player's active version, not the template.
      await page.reload();
      await page.getByText('From version 1').waitFor();
      expect(await editor.textContent()).toContain('// aim a little ahead');
      expect(await page.getByText('changed, not uploaded').count()).toBe(0);
      await page.getByText('How to write a bot').click();
      await page.getByRole('heading', { name: 'Example' }).waitFor();
      await page.screenshot({ path: docsImage('bot-editor') });

      const battleId = await practiceAndWatch(page);
      // Names carry the version once, in the side panel and the page.
      const tanksPanel = page.getByRole('list', { name: 'Tanks' });
      await tanksPanel.getByText(`${botName} v1`, { exact: true }).waitFor();
      expect(await page.getByText(`${botName} v1 v1`).count()).toBe(0);

      // At the end the scoreboard sits inside its card, scores are whole points, nothing scrolls sideways.
      await page.getByLabel('Speed').selectOption('16');
      const seek = page.getByRole('slider', { name: 'Seek' });
      await seek.focus();
      await page.keyboard.press('End');
      const scoreboard = page.getByRole('table', { name: 'Final scoreboard' });
      await scoreboard.waitFor({ timeout: 30_000 });
      const card = await page.locator('.stage-card').boundingBox();
      const table = await scoreboard.boundingBox();
      expect(table!.x + table!.width).toBeLessThanOrEqual(card!.x + card!.width + 0.5);
      const scores = await scoreboard.locator('tbody td:nth-child(3)').allTextContents();
      expect(scores.length).toBe(2);
      for (const score of scores) expect(score).toMatch(/^\d[\d,]*$/);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(DESKTOP.width);
      await page.screenshot({ path: screenshotPath('first-hour-scoreboard') });

      // The practice battle is in Recent battles on the Tanks page.
      await page.getByRole('navigation', { name: 'Tanks' }).getByRole('link', { name: 'Overview' }).click();
      await page
        .getByRole('list', { name: 'Recent battles' })
        .getByText(`${botName} v1 vs tracker`)
        .waitFor();

      // The session stops being accepted while the player is on the battle: they log in again and are
      // back on that battle, not on the home page.
      await page.goto(`${system.url}/#/battles/${battleId}`);
      await page.getByRole('button', { name: 'Play' }).waitFor();
      await page.route('**/api/**', (route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }),
        }),
      );
      await page.reload();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      await page.unroute('**/api/**');
      await page.getByLabel('Login').fill(`desk${stamp}`);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(new RegExp(`#/battles/${battleId}$`));
      await page.getByRole('button', { name: 'Play' }).waitFor();

      expect(pageErrors).toEqual([]);
    }, 480_000);

    it('when a visitor signs up on a phone, then the same path works, the menu opens and no page scrolls sideways', async () => {
      const page = await openPage(browser, pageErrors, { viewport: PHONE, errorPrefix: 'phone: ' });
      const displayName = 'Pocket Commander';
      const fits = async (where: string) => {
        await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
        expect(await scrollWidth(page), `${where} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
      };

      await page.goto(system.url);
      await page.getByRole('heading', { name: 'Program a tank. Watch it fight.' }).waitFor();
      await page.getByRole('img', { name: 'Battle arena' }).waitFor();
      await fits('the landing page');
      await signUp(page, `pocket${stamp}`, displayName);
      await fits('home');

      // The main navigation is behind "Main menu" on a phone.
      const mainNav = page.getByRole('navigation', { name: 'Main' });
      expect(await mainNav.isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Main menu' }).click();
      await mainNav.getByRole('link', { name: 'Tanks' }).click();
      await page.getByRole('heading', { name: 'Tanks', exact: true }).waitFor();
      expect(await mainNav.isVisible()).toBe(false);
      // The Tanks tabs wrap: every tab is on screen.
      for (const tab of await page.getByRole('navigation', { name: 'Tanks' }).getByRole('link').all()) {
        const box = (await tab.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      }
      await fits('Tanks');

      await page.getByRole('link', { name: 'Garrison' }).click();
      await firstBot(page, 'Pocket Rocket');
      await fits('the bot editor');
      const botPath = new URL(page.url()).hash.slice(1);
      const battleId = await practiceAndWatch(page);
      await fits('the battle');
      await page.screenshot({ path: docsImage('battle-phone') });

      // An organiser may enter their own tournament, and the page says how.
      const tournamentId = await organise(`pocket${stamp}`);
      await page.goto(`${system.url}/#/tournaments/${tournamentId}`);
      await page.getByText('You organise this tournament and may play in it too').waitFor();
      await page.getByRole('button', { name: /apply/i }).waitFor();
      await fits('the tournament');

      const pages = [
        '/',
        '/tanks',
        '/bots',
        botPath,
        '/practice',
        '/play',
        '/challenges',
        '/tournaments',
        '/tournaments/new',
        `/tournaments/${tournamentId}`,
        '/leaderboard',
        `/battles/${battleId}`,
        '/tasks',
        '/account',
        '/profile',
        '/settings/notifications',
        '/mailbox',
      ];
      for (const path of pages) {
        await page.goto(`${system.url}/#${path}`);
        await page.locator('main h1').first().waitFor();
        await fits(path);
      }
      // Notification settings speak in words, not type ids.
      await page.goto(`${system.url}/#/settings/notifications`);
      await page.getByRole('rowheader', { name: 'Match found' }).waitFor();
      expect(await page.getByRole('rowheader', { name: /^[a-z]+\.[a-z-]+$/i }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    }, 480_000);
  },
);
