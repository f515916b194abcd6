// What every browser suite shares: Debian's Chromium driven by playwright-core (never a browser
// download), the rule for skipping where it is missing, and where screenshots go.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = new URL('../../../test-results/', import.meta.url);
const chromiumMissing = !existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';

/** True where a browser suite may be skipped: no Chromium and not CI (in CI its absence fails the run). */
export function browserSuiteSkipped(suite: string): boolean {
  if (!chromiumMissing || inCi) return false;
  console.warn(`${suite} skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);
  return true;
}

/** Headless Chromium; fails loudly when it is missing (only reached in CI, see browserSuiteSkipped). */
export async function launchChromium(): Promise<Browser> {
  if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM} is missing: apt-get install -y chromium`);
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Where a screenshot named `name` is written: test-results/ (ignored by git). */
export function screenshotPath(name: string): string {
  return new URL(`${name}.png`, SCREENSHOTS).pathname;
}

/** A page in a fresh context whose uncaught errors are collected into `errors` (prefixed when asked). */
export async function openPage(
  browser: Browser,
  errors: string[],
  options: { viewport: { width: number; height: number }; errorPrefix?: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${options.errorPrefix ?? ''}${error.message}`));
  return page;
}
