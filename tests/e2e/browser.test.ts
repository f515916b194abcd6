/**
 * The browser suite: Debian's Chromium (driven by playwright-core) against the whole system started
 * exactly as `npm start` starts it. A person registers, logs out and in, finds the welcome notification
 * in the bell, and sees "your roles changed" arrive live — once when an admin uses the API, once when
 * an admin uses the admin screen in another browser.
 *
 * Screenshots land in test-results/ (ignored by git) to look at the pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { browserSuiteSkipped, launchChromium, screenshotPath } from './support/browser.js';

const LIVE_TIMEOUT_MS = 20_000;

describe.skipIf(browserSuiteSkipped('browser tests'))('the web app in a real browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  const pageErrors: string[] = [];

  const login = `web${Date.now().toString(36)}`;
  const displayName = 'Ada Browser';
  const password = 'correct horse battery';

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  async function openPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${system.url}/#/login`);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  }

  async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
    const loginResponse = await fetch(`${system.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: system.adminPassword }),
    });
    expect(loginResponse.status).toBe(200);
    const { accessToken } = (await loginResponse.json()) as { accessToken: string };
    const response = await fetch(`${system.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBe(200);
    return (await response.json()) as T;
  }

  const bell = (page: Page) => page.getByRole('button', { name: /^Notifications,/ });
  const bellPanel = (page: Page) => page.getByRole('region', { name: 'Notifications', exact: true });

  let userPage: Page;

  it('when a visitor registers, logs out and logs in again, then the bell shows the welcome notification', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    userPage = await openPage(context);
    const page = userPage;

    await expect.poll(() => page.getByRole('heading', { name: 'Log in' }).isVisible()).toBe(true);
    await screenshot(page, 'login');
    await page.getByRole('link', { name: 'Create an account' }).click();

    // The server's validation reaches the form in plain words.
    await page.getByLabel('Login').fill('No Spaces Allowed');
    await page.getByLabel('Display name').fill(displayName);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/login/i);
    expect(await page.getByLabel('Login').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'register-error');

    await page.getByLabel('Login').fill(login);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: `Welcome, ${displayName}` }).waitFor();

    await page.getByRole('button', { name: `Account menu for ${displayName}` }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();

    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: `Welcome, ${displayName}` }).waitFor();

    await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    await bell(page).click();
    const items = bellPanel(page).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toMatch(/welcome/i);
    await screenshot(page, 'welcome-notification');
  }, 90_000);

  it('when an admin changes the roles through the API, then the open page shows it live without a reload', async () => {
    const page = userPage;
    await page.evaluate('window.__stillTheSamePage = true');

    const found = await adminApi<{ items: Array<{ id: string; login: string }> }>(
      'GET',
      `/api/users?query=${encodeURIComponent(login)}`,
    );
    const user = found.items.find((u) => u.login === login);
    expect(user, `user ${login} in the admin's search`).toBeDefined();
    await adminApi('PUT', `/api/users/${user!.id}/roles`, { roles: ['manager', 'worker', 'player'] });

    await page.getByRole('button', { name: 'Notifications, 2 unread' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    const items = bellPanel(page).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.first().textContent()).toMatch(/role/i);
    // The app renews its token and profile on that notification: the new role shows on the page.
    await page.getByRole('list', { name: 'Roles' }).getByText('manager', { exact: true }).waitFor();
    expect(await page.evaluate('window.__stillTheSamePage')).toBe(true);
    await screenshot(page, 'roles-changed-live');

    await bellPanel(page).getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();

    // Read state lives on the server, and the session survives a reload (refresh token).
    await page.reload();
    await page.getByRole('heading', { name: `Welcome, ${displayName}` }).waitFor();
    await page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
    await page.getByLabel('Display name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your display name was saved.').waitFor();
    await page.getByRole('button', { name: 'Account menu for Ada Lovelace' }).waitFor();
    await screenshot(page, 'profile');
  }, 60_000);

  it('when an admin grants a role on the admin screen, then the user’s open page gets the notification live', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await openPage(adminContext);
    await admin.getByLabel('Login').fill('admin');
    await admin.getByLabel('Password').fill(system.adminPassword);
    await admin.getByRole('button', { name: 'Log in' }).click();
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users' }).waitFor();

    await admin.getByLabel('Search users').fill(login);
    await admin.getByRole('button', { name: 'Search' }).click();
    const roles = admin.getByRole('group', { name: `Roles of ${login}` });
    await roles.waitFor();
    await expect.poll(() => admin.getByRole('group', { name: /^Roles of / }).count()).toBe(1);
    await roles.getByLabel('accountant').check();
    await admin.getByRole('button', { name: `Save roles of ${login}` }).click();
    await admin.getByText('Saved', { exact: true }).waitFor();
    await screenshot(admin, 'admin-users');

    await userPage
      .getByRole('button', { name: 'Notifications, 1 unread' })
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await userPage.getByRole('list', { name: 'Roles' }).getByText('accountant', { exact: true }).waitFor();

    // The same home on a phone-sized screen.
    await userPage.setViewportSize({ width: 390, height: 780 });
    await bell(userPage).click();
    await screenshot(userPage, 'mobile-bell');

    // Logging out in a second tab logs the first one out too (they share the refresh token).
    await bell(userPage).click();
    const secondTab = await openPage(userPage.context());
    await secondTab.getByRole('button', { name: /^Account menu for / }).click();
    await secondTab.getByRole('button', { name: 'Log out' }).click();
    await userPage.getByText('You logged out in another tab.').waitFor();

    expect(pageErrors).toEqual([]);
  }, 60_000);
});
