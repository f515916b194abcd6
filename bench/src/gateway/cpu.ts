// CPU time of processes from /proc (user + system), to report CPU per proxied request.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export async function cpuMs(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (!stat) continue;
    // fields after the command name (which may hold spaces) start at ") "
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The pid listening on a local TCP port (ss from iproute2). */
export async function pidListeningOn(port: number): Promise<number> {
  const { stdout } = await promisify(execFile)('ss', ['-ltnpH', `sport = :${port}`]);
  const m = /pid=(\d+)/.exec(stdout);
  if (!m) throw new Error(`no process listens on port ${port}:\n${stdout}`);
  return Number(m[1]);
}
