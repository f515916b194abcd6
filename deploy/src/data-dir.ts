import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './processes.js';

const LOCK_FILE = 'launcher.pid';

/**
 * Creates the data folder and takes its lock: one running system per data folder. As root the folder
 * is opened to 0755, because the embedded PostgreSQL then runs as the `postgres` user and must enter it.
 */
export async function claimDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  await fs.mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) await fs.chmod(dataDir, 0o755);
  const lock = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => fs.rm(lock, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(await fs.readFile(lock, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `Another Garrison (pid ${holder}) is already running on the data folder ${dataDir}.\n` +
          '  Stop it first, or give this one its own folder and port: GARRISON_DATA_DIR=./.garrison-2 PORT=8081 npm start',
      );
    }
    await fs.rm(lock, { force: true }); // left by a launcher that did not exit cleanly
  }
  throw new Error(`could not take the lock ${lock}`);
}
