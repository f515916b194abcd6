/**
 * aTES in a real browser: Debian's Chromium (driven by playwright-core) against the whole system with
 * the aTES services, started as `npm start -- --profile ates` starts it. A worker registers, the admin
 * gives out a task through the API, and the worker walks "my tasks → done → my balance": the fee and
 * the reward appear in the audit log and the balance is reward − fee. The admin then looks at the
 * accounting and analytics dashboards, which the worker's navigation does not offer.
 *
 * Screenshots land in test-results/ (ignored by git) to look at the pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { browserSuiteSkipped, launchChromium, screenshotPath } from './support/browser.js';

/** Events travel tasks → accounting asynchronously; this is how long the page may take to show them. */
const EVENTUAL_MS = 20_000;

interface TaskView {
  id: string;
  title: string;
  jiraId: string | null;
  assigneeId: string;
  status: string;
}

/** "+$30" / "−$12" / "$18" → 30 / -12 / 18 (the app writes a real minus sign). */
function money(text: string | null): number {
  const cleaned = (text ?? '').replace(/\u2212/g, '-').replace(/[$,+\s]/g, '');
  const value = Number(cleaned);
  if (!Number.isInteger(value)) throw new Error(`not an amount: "${text}"`);
  return value;
}

describe.skipIf(browserSuiteSkipped('aTES browser tests'))('aTES in a real browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  const pageErrors: string[] = [];

  const login = `popug${Date.now().toString(36)}`;
  const displayName = 'Parrot Worker';
  const password = 'correct horse battery';
  const jiraId = 'UBERPOP-7';
  const title = 'Sort the seeds by colour';
  const taskName = `${jiraId} ${title}`;

  beforeAll(async () => {
    system = await startSystem({ profile: 'ates' });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${system.url}/#/login`);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  }

  async function adminToken(): Promise<string> {
    const response = await fetch(`${system.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: system.adminPassword }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  /**
   * The admin creates the task through the API. The tracker learns about the new worker from the
   * user stream, so until that event arrives there is nobody to assign it to (409): try again.
   */
  async function adminCreatesTask(): Promise<TaskView> {
    const token = await adminToken();
    const deadline = Date.now() + EVENTUAL_MS;
    for (;;) {
      const response = await fetch(`${system.url}/api/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title, jiraId, description: 'Red ones first, then the rest.' }),
      });
      const text = await response.text();
      if (response.status === 201) return JSON.parse(text) as TaskView;
      if (response.status !== 409 || Date.now() > deadline) {
        throw new Error(`POST /api/tasks → ${response.status}: ${text}\n${system.logTail(40)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  let worker: Page;
  /** What the worker earned in the first test, paid out when the admin closes the day. */
  let earned = 0;

  it('when a worker is given a task and clicks "Done", then their account shows the fee, the reward and the balance', async () => {
    worker = await openPage();
    await worker.getByRole('link', { name: 'Create an account' }).click();
    await worker.getByLabel('Login').fill(login);
    await worker.getByLabel('Display name').fill(displayName);
    await worker.getByLabel('Password').fill(password);
    await worker.getByRole('button', { name: 'Create account' }).click();
    await worker.getByRole('heading', { name: `Welcome, ${displayName}` }).waitFor();

    // A worker's navigation offers the board and their account, not the management dashboards.
    expect(await nav(worker).getByRole('link', { name: 'Tasks' }).isVisible()).toBe(true);
    expect(await nav(worker).getByRole('link', { name: 'Accounting' }).count()).toBe(0);
    expect(await nav(worker).getByRole('link', { name: 'Analytics' }).count()).toBe(0);

    const task = await adminCreatesTask();
    expect(task.status).toBe('open');

    await nav(worker).getByRole('link', { name: 'Tasks' }).click();
    await worker.getByRole('heading', { name: 'Task board' }).waitFor();
    const myTasks = worker.getByRole('list', { name: 'My tasks' });
    await myTasks.getByText(title).waitFor();
    // Workers only see their own tasks: no "all tasks" list and no shuffle.
    expect(await worker.getByRole('button', { name: 'Shuffle' }).count()).toBe(0);
    await screenshot(worker, 'ates-my-tasks');

    await myTasks.getByRole('button', { name: `Done: ${taskName}` }).click();
    await myTasks.getByText('Done', { exact: true }).waitFor();
    expect(await myTasks.getByRole('button', { name: `Done: ${taskName}` }).count()).toBe(0);
    await screenshot(worker, 'ates-task-done');

    await nav(worker).getByRole('link', { name: 'My account' }).click();
    await worker.getByRole('heading', { name: 'My account' }).waitFor();
    const log = worker.getByRole('table', { name: 'Audit log' });
    const feeRow = log.getByRole('row', { name: /Assignment fee/ });
    const rewardRow = log.getByRole('row', { name: /Completion reward/ });
    // Accounting hears of the assignment and the completion through events: refresh until both landed.
    const deadline = Date.now() + EVENTUAL_MS;
    while ((await feeRow.count()) === 0 || (await rewardRow.count()) === 0) {
      if (Date.now() > deadline) throw new Error(`fee and reward never shown\n${system.logTail(40)}`);
      await worker.waitForTimeout(500);
      await worker.getByRole('button', { name: 'Refresh' }).click();
      await worker.getByRole('button', { name: 'Refresh' }).waitFor();
    }
    expect(await feeRow.count()).toBe(1);
    expect(await rewardRow.count()).toBe(1);
    expect(await feeRow.textContent()).toContain(title);
    expect(await rewardRow.textContent()).toContain(jiraId);

    const fee = -money(await feeRow.getByRole('cell').last().textContent());
    const reward = money(await rewardRow.getByRole('cell').last().textContent());
    expect(fee).toBeGreaterThanOrEqual(10);
    expect(fee).toBeLessThanOrEqual(20);
    expect(reward).toBeGreaterThanOrEqual(20);
    expect(reward).toBeLessThanOrEqual(40);

    const balance = worker.getByRole('region', { name: 'Balance' }).locator('.stat-value');
    await expect
      .poll(async () => money(await balance.textContent()), { timeout: EVENTUAL_MS })
      .toBe(reward - fee);
    earned = reward - fee;
    await screenshot(worker, 'ates-my-account');

    // A past day has its own (here empty) log; the balance stays the current one.
    const dayPicker = worker.getByLabel('Show the log of');
    const today = await dayPicker.inputValue();
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await dayPicker.fill(yesterday);
    await worker.getByText('No money moved on this day.').waitFor();
    expect(money(await balance.textContent())).toBe(earned);
    await worker.getByRole('button', { name: 'Back to today' }).click();
    await feeRow.waitFor();
    expect(await dayPicker.inputValue()).toBe(today);
  }, 90_000);

  let admin: Page;

  it('when the admin opens the dashboards and closes the day, then the worker is paid and analytics shows the task', async () => {
    admin = await openPage();
    await admin.getByLabel('Login').fill('admin');
    await admin.getByLabel('Password').fill(system.adminPassword);
    await admin.getByRole('button', { name: 'Log in' }).click();

    await nav(admin).getByRole('link', { name: 'Accounting' }).click();
    await admin.getByRole('heading', { name: 'Management earnings today' }).waitFor();
    const accounts = admin.getByRole('table', { name: 'Accounts' });
    const workerRow = accounts.getByRole('row', { name: new RegExp(`^${login}\\b`) });
    await workerRow.waitFor();
    expect(money(await workerRow.getByRole('cell').last().textContent())).toBe(earned);
    expect(await admin.getByRole('img', { name: /^Management earnings per day/ }).isVisible()).toBe(true);
    await screenshot(admin, 'ates-accounting');

    // Closing the day pays the worker's positive balance (reward > fee always: [20,40] vs [10,20]).
    await admin.getByRole('button', { name: 'Close today' }).click();
    await admin.getByText(/closed: \d+ paid/).waitFor();
    expect(await admin.getByText(/closed: \d+ paid/).textContent()).toMatch(
      earned > 0 ? new RegExp(`closed: 1 paid, \\$${earned} in total`) : /closed: 0 paid/,
    );
    await expect.poll(async () => money(await workerRow.getByRole('cell').last().textContent())).toBe(0);
    await screenshot(admin, 'ates-accounting-closed');

    await nav(admin).getByRole('link', { name: 'Analytics' }).click();
    await admin.getByRole('heading', { name: 'Workers below zero' }).waitFor();
    // Analytics builds its numbers from the events: refresh until the completed task has arrived.
    const report = admin.getByRole('table', { name: 'Most expensive task per day' });
    const deadline = Date.now() + EVENTUAL_MS;
    while ((await report.getByText(title).count()) === 0) {
      if (Date.now() > deadline) throw new Error(`analytics never showed the task\n${system.logTail(40)}`);
      await admin.waitForTimeout(500);
      await admin.getByRole('button', { name: 'Refresh' }).click();
    }
    await screenshot(admin, 'ates-analytics');
  }, 60_000);

  it('when the admin uses the task board, then a bad title is explained, a good one is created and shuffled', async () => {
    await nav(admin).getByRole('link', { name: 'Tasks' }).click();
    const allTasks = admin.getByRole('list', { name: 'All tasks' });
    await allTasks.getByText(title).waitFor();

    // The jira id belongs in its own field: brackets in the title are explained before anything is sent.
    await admin.getByLabel('Title').fill('[UBERPOP-8] Count the feathers');
    await admin.getByText('Leave the brackets out').waitFor();
    expect(await admin.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.getByRole('button', { name: 'Create task' }).isDisabled()).toBe(true);
    await screenshot(admin, 'ates-create-task-error');

    await admin.getByLabel('Title').fill('Count the feathers');
    await admin.getByLabel('Jira id').fill('UBERPOP-8');
    await admin.getByRole('button', { name: 'Create task' }).click();
    await admin.getByText('Task “Count the feathers” created and assigned.').waitFor();
    await allTasks.getByText('Count the feathers').waitFor();

    // The board names people, not ids: the worker's task shows their display name.
    await allTasks.getByText(`Assigned to ${displayName}`).first().waitFor();
    expect(await allTasks.getByText(/Assigned to worker [0-9a-f]{8}/).count()).toBe(0);

    // Shuffling charges fees: it first says how many tasks move. Only the new task is open.
    await admin.getByRole('button', { name: 'Shuffle' }).click();
    const confirm = admin.getByRole('alertdialog', { name: 'Confirm shuffle' });
    await confirm.getByText('Reassign 1 open task to random workers?').waitFor();
    await screenshot(admin, 'ates-shuffle-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await admin.getByText('1 task reassigned').count()).toBe(0);
    await admin.getByRole('button', { name: 'Shuffle' }).click();
    await confirm.getByRole('button', { name: 'Reassign 1 open task' }).click();
    await admin.getByText('1 task reassigned').waitFor();
    await screenshot(admin, 'ates-task-board-admin');

    // The worker's open board picks the new task up on its next read.
    await nav(worker).getByRole('link', { name: 'Tasks' }).click();
    await worker.getByRole('list', { name: 'My tasks' }).getByText('Count the feathers').waitFor();
    // The same board on a phone-sized screen.
    await worker.setViewportSize({ width: 390, height: 780 });
    await screenshot(worker, 'ates-mobile-tasks');

    expect(pageErrors).toEqual([]);
  }, 60_000);
});
