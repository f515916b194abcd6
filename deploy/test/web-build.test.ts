import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Log, RingSink } from '../src/log.js';
import { ensureWebBuild } from '../src/web-build.js';

// A miniature npm workspace whose `@garrison/web` build counts its runs, so the tests see when
// ensureWebBuild really builds — with real npm, without the cost of vite.
let root: string;
let ring: RingSink;
const log = () => new Log({ sink: ring, color: false, minLevel: 'debug', nameWidth: 8 }).source('launcher');
const builds = async (): Promise<number> =>
  (await fs.readFile(path.join(root, 'count.txt'), 'utf8').catch(() => '')).length;
const touch = async (file: string, secondsFromNow: number): Promise<void> => {
  const at = new Date(Date.now() + secondsFromNow * 1000);
  await fs.utimes(file, at, at);
};

beforeEach(async () => {
  ring = new RingSink();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-webbuild-'));
  const web = path.join(root, 'apps', 'web');
  await fs.mkdir(path.join(web, 'src'), { recursive: true });
  await fs.writeFile(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'mini', private: true, workspaces: ['apps/web'] }),
  );
  await fs.writeFile(
    path.join(web, 'package.json'),
    JSON.stringify({ name: '@garrison/web', private: true, scripts: { build: 'node build.mjs' } }),
  );
  await fs.writeFile(
    path.join(web, 'build.mjs'),
    `import fs from 'node:fs';
     if (process.env.FAIL_WEB_BUILD) { console.error('src/App.tsx(3,1): error TS1005'); process.exit(2); }
     fs.appendFileSync('../../count.txt', 'x');
     await new Promise((r) => setTimeout(r, 300));
     fs.mkdirSync('build', { recursive: true });
     fs.writeFileSync('build/index.html', '<!doctype html>');`,
  );
  await fs.writeFile(path.join(web, 'vite.config.ts'), 'export default {};');
  await fs.writeFile(path.join(web, 'src', 'main.tsx'), 'export {};');
  await touch(path.join(web, 'src', 'main.tsx'), -60);
  await touch(path.join(web, 'vite.config.ts'), -60);
  await touch(path.join(web, 'package.json'), -60);
});
afterEach(async () => {
  delete process.env.FAIL_WEB_BUILD;
  await fs.rm(root, { recursive: true, force: true });
});

describe('web app build', () => {
  it('when there is no build, then it is built once and reused afterwards', async () => {
    expect(await ensureWebBuild(root, log())).toBe('built');
    expect(await ensureWebBuild(root, log())).toBe('fresh');
    expect(await builds()).toBe(1);
  });

  it('when a source is newer than the build, then it is built again', async () => {
    await ensureWebBuild(root, log());
    await touch(path.join(root, 'apps', 'web', 'src', 'main.tsx'), 60);
    expect(await ensureWebBuild(root, log())).toBe('built');
    expect(await builds()).toBe(2);
  });

  it('when several systems start at once, then one builds and the others reuse its build', async () => {
    const results = await Promise.all([
      ensureWebBuild(root, log()),
      ensureWebBuild(root, log()),
      ensureWebBuild(root, log()),
    ]);
    expect(results.filter((r) => r === 'built')).toHaveLength(1);
    expect(results.filter((r) => r === 'fresh')).toHaveLength(2);
    expect(await builds()).toBe(1);
  });

  it('when the build fails, then the start goes on with a warning that shows the compiler output', async () => {
    process.env.FAIL_WEB_BUILD = '1';
    expect(await ensureWebBuild(root, log())).toBe('failed');
    expect(ring.tail()).toMatch(/WARN the web app did not build \(exit 2\)[\s\S]*error TS1005/);
  });

  it('when apps/web has no vite config yet, then the build is skipped with a warning', async () => {
    await fs.rm(path.join(root, 'apps', 'web', 'vite.config.ts'));
    expect(await ensureWebBuild(root, log())).toBe('skipped');
    expect(ring.tail()).toContain('apps/web has no vite config yet');
    expect(await builds()).toBe(0);
  });
});
