import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface AdminPassword {
  password: string;
  /**
   * `env`: GARRISON_ADMIN_PASSWORD; `generated`: created by this start; `stored`: read from an earlier start;
   * `unknown`: the data existed before and its admin got a password from GARRISON_ADMIN_PASSWORD back then
   * (password is '' — a new one would not match the existing account).
   */
  source: 'env' | 'generated' | 'stored' | 'unknown';
  /** Where a generated password is kept (mode 0600), so restarts reuse it. */
  file?: string;
}

export const ADMIN_PASSWORD_FILE = 'admin-password';

/**
 * The bootstrap admin's password: the configured one, else the one generated on the first start
 * of this data folder, else a new strong one written there (readable by the owner only).
 */
export async function resolveAdminPassword(
  dataDir: string,
  fromEnv: string | undefined,
  { dataExisted = false }: { dataExisted?: boolean } = {},
): Promise<AdminPassword> {
  if (fromEnv !== undefined && fromEnv !== '') return { password: fromEnv, source: 'env' };
  const file = path.join(dataDir, ADMIN_PASSWORD_FILE);
  const stored = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (stored !== undefined && stored.trim() !== '')
    return { password: stored.trim(), source: 'stored', file };
  if (dataExisted) return { password: '', source: 'unknown' };
  const password = randomBytes(18).toString('base64url');
  // 'wx' fails when another process wrote the file meanwhile: then that one's password wins.
  // An empty file (an interrupted earlier write) is simply replaced.
  try {
    await fs.writeFile(file, password + '\n', { mode: 0o600, flag: stored === undefined ? 'wx' : 'w' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return resolveAdminPassword(dataDir, undefined, { dataExisted });
    throw err;
  }
  return { password, source: 'generated', file };
}
