import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPassword } from '../src/demo/demo-password.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-demo-pw-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the demo password', () => {
  it('when the first --demo runs, then a strong password is made and kept readable by the owner only; later runs reuse it', async () => {
    const first = await demoPassword(dataDir);
    expect(first.generated).toBe(true);
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    expect((await fs.stat(first.file)).mode & 0o777).toBe(0o600);

    const again = await demoPassword(dataDir);
    expect(again).toEqual({ ...first, generated: false });
  });

  it('when an interrupted write left the file empty, then a new password replaces it', async () => {
    await fs.writeFile(path.join(dataDir, 'demo-password'), '');
    const made = await demoPassword(dataDir);
    expect(made.generated).toBe(true);
    expect((await fs.readFile(made.file, 'utf8')).trim()).toBe(made.password);
  });
});
