import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const DEMO_PASSWORD_FILE = 'demo-password';

/**
 * The one password of every demo account: made on the first `--demo` of a data folder and kept there
 * (mode 0600, like `admin-password`), so a later `--demo` logs the same accounts in again.
 */
export async function demoPassword(
  dataDir: string,
): Promise<{ password: string; file: string; generated: boolean }> {
  const file = path.join(dataDir, DEMO_PASSWORD_FILE);
  const stored = (await fs.readFile(file, 'utf8').catch(() => '')).trim();
  if (stored !== '') return { password: stored, file, generated: false };
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  try {
    await fs.writeFile(file, password + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // an empty leftover of an interrupted write is replaced; a file written meanwhile wins
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = (await fs.readFile(file, 'utf8')).trim();
    if (raced !== '') return { password: raced, file, generated: false };
    await fs.writeFile(file, password + '\n', { mode: 0o600 });
  }
  return { password, file, generated: true };
}
