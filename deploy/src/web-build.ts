import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SourceLog } from './log.js';

export type WebBuildResult = 'fresh' | 'built' | 'skipped' | 'failed';

const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json'];

/**
 * Builds apps/web when its build is missing or older than its sources, so `npm start` always serves the
 * current web app. Never fatal: without a web app the API still works, so a problem is a warning.
 */
export async function ensureWebBuild(repoRoot: string, log: SourceLog): Promise<WebBuildResult> {
  const webDir = path.join(repoRoot, 'apps', 'web');
  if (!existsSync(path.join(webDir, 'vite.config.ts'))) {
    log.warn('apps/web has no vite config yet: the gateway serves the API only');
    return 'skipped';
  }
  if (await isFresh(webDir)) return 'fresh';
  // Several systems may start at once (parallel tests): one builds, the others wait and reuse it.
  const lock = path.join(
    os.tmpdir(),
    `garrison-web-build-${createHash('sha1').update(webDir).digest('hex').slice(0, 12)}.lock`,
  );
  if (!(await acquire(lock))) {
    return (await isFresh(webDir)) ? 'fresh' : build(repoRoot, log);
  }
  try {
    if (await isFresh(webDir)) return 'fresh';
    return await build(repoRoot, log);
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

async function build(repoRoot: string, log: SourceLog): Promise<WebBuildResult> {
  log.info('building the web app (npm run build -w @garrison/web)…');
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('npm', ['run', 'build', '-w', '@garrison/web'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    child.stdout.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('error', () => resolve(-1));
    child.once('exit', (c) => resolve(c));
  });
  if (code === 0) {
    log.info(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 'built';
  }
  const tail = output.join('').trim().split('\n').slice(-15).join('\n  ');
  log.warn(`the web app did not build (exit ${code}); the API still works. Output:\n  ${tail}`);
  return 'failed';
}

async function isFresh(webDir: string): Promise<boolean> {
  const built = await fs.stat(path.join(webDir, 'build', 'index.html')).catch(() => undefined);
  if (!built) return false;
  let newest = 0;
  for (const entry of SOURCES) newest = Math.max(newest, await newestMtime(path.join(webDir, entry)));
  return newest <= built.mtimeMs;
}

async function newestMtime(target: string): Promise<number> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of await fs.readdir(target))
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  return newest;
}

/** mkdir is atomic: whoever creates the folder builds. Returns false after waiting for someone else's build. */
async function acquire(lock: string): Promise<boolean> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await fs.mkdir(lock);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const age = Date.now() - ((await fs.stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (age > 300_000)
      await fs.rm(lock, { recursive: true, force: true }); // a builder that died
    else if (Date.now() > deadline) return false;
    else {
      await new Promise((r) => setTimeout(r, 250));
      if (!existsSync(lock)) return false;
    }
  }
}
