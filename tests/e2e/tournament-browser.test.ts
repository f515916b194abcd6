/**
 * Tournaments in a real browser: Debian's Chromium (driven by playwright-core) against the whole system
 * with the Tanks services, started as `npm start -- --profile tanks` starts it. Two people in two
 * browser contexts: an organiser creates a tournament from the form, a player finds it and applies,
 * the organiser accepts, and the player's bell shows the decision live — no reload — with a link
 * back to the tournament, where the player is now in. Screenshots land in test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serviceByName } from '@garrison/deploy';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { browserSuiteSkipped, launchChromium, screenshotPath } from './support/browser.js';

/** The decision travels tournaments → notifications → the player's socket; this is how long it may take. */
const EVENTUAL_MS = 20_000;

const tournamentsMissing = !serviceByName('tournaments').implemented;
if (tournamentsMissing)
  console.warn('Tournament browser tests skipped: the tournaments service is not implemented');

interface Person {
  login: string;
  displayName: string;
}

describe.skipIf(browserSuiteSkipped('Tournament browser tests') || tournamentsMissing)(
  'Tournaments in a real browser',
  () => {
    let system: RunningSystem;
    let browser: Browser;
    const pageErrors: string[] = [];
    const suffix = Date.now().toString(36);
    const password = 'correct horse battery';
    const organiser: Person = { login: `organiser${suffix}`, displayName: 'Olga Organiser' };
    const player: Person = { login: `player${suffix}`, displayName: 'Pavel Player' };
    const title = `Friday Cup ${suffix}`;

    async function register(person: Person): Promise<void> {
      const response = await fetch(`${system.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...person, password }),
      });
      if (response.status !== 201)
        throw new Error(`register ${person.login} → ${response.status}\n${system.logTail(40)}`);
    }

    beforeAll(async () => {
      system = await startSystem({ profile: 'tanks' });
      browser = await launchChromium();
      await register(organiser);
      await register(player);
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await system?.stop();
    }, 60_000);

    /** A browser context of its own (its own storage, so its own session) with `person` logged in. */
    async function signIn(person: Person): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${person.login}: ${error.message}`));
      await page.goto(`${system.url}/#/login`);
      await page.getByLabel('Login').fill(person.login);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: `Welcome, ${person.displayName}` }).waitFor();
      return page;
    }

    const tanksTab = (page: Page, name: string) =>
      page.getByRole('navigation', { name: 'Tanks' }).getByRole('link', { name, exact: true });

    it('when an organiser accepts a player’s application, then the player sees the decision live in the bell', async () => {
      const org = await signIn(organiser);
      const pla = await signIn(player);

      // The organiser creates a public single-elimination tournament an hour from now.
      await org.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tanks' }).click();
      await tanksTab(org, 'Tournaments').click();
      await org.getByRole('button', { name: 'Organise a tournament' }).click();
      await org.getByLabel('Title').fill(title);
      await org.getByLabel('Description').fill('Duels of five rounds. Be kind.');
      await org.getByLabel('Players').fill('4');
      await org.getByRole('button', { name: 'Create tournament' }).click();
      await org.getByRole('heading', { name: title }).waitFor();
      const tournamentPath = new URL(org.url()).hash.slice(1);
      expect(tournamentPath).toMatch(/^\/tournaments\/[0-9a-f-]{36}$/);
      await org.getByText('No applications yet.').waitFor();

      // The player finds it among the upcoming tournaments and applies with their local Agent.
      await pla.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tanks' }).click();
      await tanksTab(pla, 'Tournaments').click();
      await pla
        .getByRole('list', { name: 'Upcoming tournaments' })
        .getByRole('link', { name: new RegExp(title) })
        .click();
      await pla.getByRole('heading', { name: title }).waitFor();
      await pla.getByLabel('Play with').selectOption('local');
      await pla.getByRole('button', { name: 'Apply', exact: true }).click();
      await pla.getByText('Your application is waiting for the organiser.').waitFor();
      // … and moves on: the tournament is among theirs now.
      await tanksTab(pla, 'Tournaments').click();
      await pla.getByRole('button', { name: 'Mine' }).click();
      await pla
        .getByRole('list', { name: 'My tournaments' })
        .getByRole('link', { name: new RegExp(title) })
        .waitFor();
      // The player's bell holds the welcome of a new account (it may arrive late) and nothing more.
      const bell = pla.getByRole('button', { name: /^Notifications, / });
      await expect
        .poll(() => bell.getAttribute('aria-label'), { timeout: EVENTUAL_MS })
        .toBe('Notifications, 1 unread');
      await bell.click();
      const panel = pla.getByRole('region', { name: 'Notifications' });
      await panel.getByText(`Welcome to Garrison, ${player.displayName}`).waitFor();
      expect(await panel.getByRole('listitem').count()).toBe(1);

      // The organiser's list of applications refreshes itself; the organiser accepts.
      const application = org.getByRole('listitem', { name: `Application of ${player.displayName}` });
      await application.waitFor();
      await application.getByRole('button', { name: 'Accept' }).click();
      await application.getByText('accepted', { exact: true }).waitFor();
      await org
        .getByRole('list', { name: 'Participants' })
        .getByRole('link', { name: player.displayName })
        .waitFor();
      await org.screenshot({ path: screenshotPath('tournament-organiser'), fullPage: true });

      // The player's page was never reloaded: the open list and the count follow the live stream.
      const decision = panel.getByRole('link', { name: `Your application to ${title} was accepted` });
      await decision.waitFor({ timeout: EVENTUAL_MS });
      await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 2 unread');
      expect(await panel.getByRole('listitem').count()).toBe(2);
      await pla.screenshot({ path: screenshotPath('tournament-player-bell') });

      // The notification leads back to the tournament, where the player is now a participant.
      await decision.click();
      expect(new URL(pla.url()).hash.slice(1)).toBe(tournamentPath);
      await pla.getByRole('heading', { name: 'You are in' }).waitFor();
      await pla
        .getByRole('list', { name: 'Participants' })
        .getByRole('link', { name: player.displayName })
        .waitFor();

      expect(pageErrors).toEqual([]);
    }, 120_000);
  },
);
