/**
 * A broadcast tournament watched live in a real browser (issue 14 item 9, ADR 240): Debian's Chromium
 * (driven by playwright-core) against the whole system with the Tanks services. An organiser makes a
 * two-player tournament a broadcast; when it starts, a spectator finds its battle "On now" on the
 * tournament page, opens it and sees the arena move tick by tick while the battle — already computed
 * by the battles service — still shows no result anywhere (battle page, API, standings); the result
 * comes at the end of the broadcast, and then the replay. Screenshots land in test-results/.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serviceByName } from '@garrison/deploy';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { waitFor } from '@garrison/kit/testing';
import { ApiClient, login, registerAndLogin, type Account, type Json } from './support/api-client.js';
import { browserSuiteSkipped, launchChromium, screenshotPath } from './support/browser.js';
import { AgentProcess, agentHome, agentLogin, type AgentHome } from './support/live-agent.js';
import { players, secondsFromNow, type Player } from './support/tanks.js';

const missing = !serviceByName('tournaments').implemented || !serviceByName('battles').implemented;
if (missing) console.warn('Broadcast browser test skipped: tournaments or battles is not implemented');

/** Two game rounds of two reference bots, at 10 ticks/s, 5 s behind: well within this. */
const BROADCAST_MS = 120_000;

describe.skipIf(browserSuiteSkipped('Broadcast browser test') || missing)(
  'A broadcast tournament watched live in a real browser',
  () => {
    let system: RunningSystem;
    let browser: Browser;
    let api: ApiClient;
    let organiser: Account;
    let entrants: Player[];
    const pageErrors: string[] = [];
    const spectator = { login: `watcher${Date.now().toString(36)}`, displayName: 'Wanda Watcher' };
    const password = 'correct horse battery';
    let dir: string;
    let home: AgentHome;

    beforeAll(async () => {
      system = await startSystem({ profile: 'tanks', env: { GARRISON_RATE_LIMIT: 'off' } });
      browser = await launchChromium();
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-broadcast-e2e-'));
      api = new ApiClient(system.url);
      organiser = await registerAndLogin(api, 'bcorg');
      home = await agentHome(system.url, dir, organiser.login);
      await agentLogin(home, organiser);
      entrants = await players(api, 'bc', 2);
      const registered = await api.post('/api/auth/register', { ...spectator, password });
      expect(registered.status).toBe(201);
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await system?.stop();
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    }, 60_000);

    async function signIn(viewport = { width: 1280, height: 900 }): Promise<Page> {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${system.url}/#/login`);
      await page.getByLabel('Login').fill(spectator.login);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: `Welcome, ${spectator.displayName}` }).waitFor();
      return page;
    }

    /** The arena as pixels: two different snapshots mean the picture moved. */
    const arena = (page: Page) =>
      page.evaluate<string>("document.querySelector('.battle-stage canvas').toDataURL()");

    it(
      'when a spectator opens a broadcast battle, then it unfolds tick by tick and its result shows only at the end',
      async () => {
        const as = { token: organiser.accessToken };
        const created = await api.post(
          '/api/tournaments',
          {
            title: `Live Cup ${Date.now().toString(36)}`,
            description: 'watched as it happens',
            format: 'round-robin',
            startsAt: secondsFromNow(600),
            registrationClosesAt: secondsFromNow(590),
            capacity: 2,
            rules: { mode: 'duel', rounds: 2 },
            broadcast: true,
          },
          as,
        );
        expect(created.status).toBe(201);
        expect(created.body.broadcast).toBe(true);
        const id = created.body.id as string;
        for (const p of entrants) {
          const applied = await api.post(
            `/api/tournaments/${id}/applications`,
            { bot: { botVersionId: p.botVersionId } },
            { token: p.accessToken },
          );
          expect(applied.status).toBe(201);
          const accepted = await api.post(
            `/api/tournaments/${id}/applications/${applied.body.id}/accept`,
            {},
            as,
          );
          expect(accepted.status).toBe(200);
        }
        // The spectator, on a desktop and on a phone, signed in before the start.
        const page = await signIn();
        const phone = await signIn({ width: 390, height: 844 });
        const moved = await api.request('PATCH', `/api/tournaments/${id}`, {
          body: { startsAt: secondsFromNow(3), registrationClosesAt: secondsFromNow(2) },
          ...as,
        });
        expect(moved.status).toBe(200);

        // The spectator finds the battle on now on the tournament page (it looks again every 5 s).
        await page.goto(`${system.url}/#/tournaments/${id}`);
        await page.getByText('Every battle is shown live').waitFor();
        const watch = page.getByRole('list', { name: 'On now' }).getByRole('link', { name: 'Watch live' });
        await watch.waitFor({ timeout: 60_000 }).catch(async (err: unknown) => {
          await page.screenshot({ path: screenshotPath('broadcast-tournament-failed') });
          const now = await api.get(`/api/tournaments/${id}`, as);
          throw new Error(
            `no battle on now: ${String(err)}\n${JSON.stringify(now.body)}\n${system.logTail(40)}`,
          );
        });
        await page.screenshot({ path: screenshotPath('broadcast-tournament-on-now') });
        await watch.click();
        await page.waitForURL(/#\/battles\//);
        const battleId = page.url().split('/battles/')[1]!;
        const token = { token: (await login(api, spectator.login, password)).accessToken };
        // The organiser follows it in a terminal with the Agent's `watch`.
        const watcher = new AgentProcess(home, ['watch', battleId]);
        await phone.goto(`${system.url}/#/battles/${battleId}`);
        await watcher.waitForLine(new RegExp(`watching battle ${battleId}`), 30_000);

        // Frames arrive and the arena moves, while the result stays hidden everywhere.
        const badge = page.locator('.live-badge');
        await expect
          .poll(async () => badge.textContent(), { timeout: 30_000, interval: 250 })
          .toMatch(/^Live · round [12] \/ 2$/);
        const first = await arena(page);
        await page.waitForTimeout(1500);
        const second = await arena(page);
        expect(second).not.toBe(first);
        await page.screenshot({ path: screenshotPath('broadcast-battle-live') });
        // On a phone too: live, and the page fits the screen.
        await expect
          .poll(async () => phone.locator('.live-badge').textContent(), { timeout: 15_000, interval: 250 })
          .toMatch(/^Live · round [12] \/ 2$/);
        expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
        await phone.screenshot({ path: screenshotPath('broadcast-battle-phone') });
        expect(await page.getByRole('button', { name: 'Watch the replay' }).count()).toBe(0);
        expect(await page.locator('.section-header .status').textContent()).toBe('running');
        const during = await api.get(`/api/battles/${battleId}`, token);
        expect(during.body).toMatchObject({ status: 'running', broadcast: true });
        expect(during.body.broadcastStartsAt).not.toBeNull(); // computed already…
        expect((during.body.participants as Json[]).map((p) => p.place)).toEqual([null, null]); // …but hidden
        expect((await api.get(`/api/battles/${battleId}/replay`, token)).status).toBe(409);
        const standings = await api.get(`/api/tournaments/${id}`, token);
        const match = (standings.body.rounds as Json[])[0].battles[0];
        expect(match.status).toBe('running');
        expect((match.participants as Json[]).every((p) => p.place === null)).toBe(true);

        // The end of the broadcast: the scoreboard, the status finished, and then the replay.
        await page.getByRole('button', { name: 'Watch the replay' }).waitFor({ timeout: BROADCAST_MS });
        await expect
          .poll(async () => page.locator('.section-header .status').textContent(), { timeout: 15_000 })
          .toBe('finished');
        const after = await waitFor(
          async () => {
            const res = await api.get(`/api/battles/${battleId}`, token);
            return res.body.status === 'finished' ? res.body : undefined;
          },
          { timeoutMs: 15_000, intervalMs: 250 },
        );
        expect((after.participants as Json[]).map((p) => p.place).sort()).toEqual([1, 2]);
        await page.getByRole('button', { name: 'Watch the replay' }).click();
        await page.getByLabel('Seek').waitFor({ timeout: 15_000 });
        // `watch` got the frames (a hosted battle that is no broadcast has no round lines) and the places.
        expect((await watcher.exited).code, watcher.output()).toBe(0);
        expect(watcher.output()).toMatch(/^round 2 over at tick \d+$/m);
        expect(watcher.output()).toMatch(/^ {2}1\. bc[01]-bot v1 /m);
        await page.screenshot({ path: screenshotPath('broadcast-battle-replay') });
        expect(pageErrors).toEqual([]);
      },
      BROADCAST_MS + 120_000,
    );
  },
);
