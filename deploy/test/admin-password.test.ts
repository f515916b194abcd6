import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAdminPassword } from '../src/admin-password.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-admin-pw-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('admin password', () => {
  it('when none is configured on a first start, then a strong one is generated and stored readable by the owner only', async () => {
    const first = await resolveAdminPassword(dir, undefined);
    expect(first.source).toBe('generated');
    expect(first.password.length).toBeGreaterThanOrEqual(20);
    const stat = await fs.stat(path.join(dir, 'admin-password'));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('when the system starts again, then the stored password is reused and not reported as new', async () => {
    const first = await resolveAdminPassword(dir, undefined);
    const again = await resolveAdminPassword(dir, undefined);
    expect(again).toEqual({
      password: first.password,
      source: 'stored',
      file: path.join(dir, 'admin-password'),
    });
  });

  it('when the data existed before but no password was generated for it, then none is invented', async () => {
    expect(await resolveAdminPassword(dir, undefined, { dataExisted: true })).toEqual({
      password: '',
      source: 'unknown',
    });
    await expect(fs.stat(path.join(dir, 'admin-password'))).rejects.toThrow();
  });

  it('when GARRISON_ADMIN_PASSWORD is set, then it wins and nothing is written', async () => {
    expect(await resolveAdminPassword(dir, 'chosen-password')).toEqual({
      password: 'chosen-password',
      source: 'env',
    });
    await expect(fs.stat(path.join(dir, 'admin-password'))).rejects.toThrow();
  });
});
