import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/ports.js';

const run = promisify(execFile);
const START = path.join(import.meta.dirname, '..', 'src', 'start.ts');

async function launch(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', START, ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-cli-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('when the public port is taken, then it stops at once and says how to run a second system', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, output } = await launch([], { PORT: String(port), GARRISON_DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(output).toContain('GARRISON_DATA_DIR=./.garrison-2');
      // Nothing was started: no cluster, no generated password.
      await expect(fs.stat(path.join(dataDir, 'postgres'))).rejects.toThrow();
    } finally {
      blocker.close();
    }
  });

  it('when the profile or PORT is wrong, then every problem is listed with the usage and nothing starts', async () => {
    const { code, output } = await launch(['--profile', 'chess'], {
      PORT: '99999',
      GARRISON_DATA_DIR: dataDir,
    });
    expect(code).toBe(2);
    expect(output).toContain('--profile must be one of platform, tanks, ates, all');
    expect(output).toContain('PORT must be a port number');
    expect(output).toContain('Usage: npm start');
    expect(await fs.readdir(dataDir)).toEqual([]);
  });

  it('when another launcher holds the data folder, then it refuses to share it', async () => {
    await fs.writeFile(path.join(dataDir, 'launcher.pid'), `${process.pid}\n`);
    const { code, output } = await launch([], { PORT: String(await freePort()), GARRISON_DATA_DIR: dataDir });
    expect(code).not.toBe(0);
    expect(output).toMatch(/Another Garrison \(pid \d+\) is already running on the data folder/);
  });
});
