/**
 * A crash hook for the reliability tests (docs/reliability.md), off unless both variables are set:
 *
 *   GARRISON_FAILPOINT=<service>.<point>        which point may fire
 *   GARRISON_FAILPOINT_ARM_FILE=/tmp/…/armed    fires only while this file exists
 *
 * The first handler that reaches the point while the file exists deletes it (so only one process
 * and one handler win, and a restarted process runs normally) and kills its own process with
 * SIGKILL: no finally blocks, no rollback, no ack — exactly like `kill -9` or the OOM killer.
 */
import { unlinkSync } from 'node:fs';

export function failpoint(name: string): void {
  const armedPoint = process.env.GARRISON_FAILPOINT?.trim();
  const armFile = process.env.GARRISON_FAILPOINT_ARM_FILE?.trim();
  if (!armedPoint || name !== armedPoint || !armFile) return;
  try {
    unlinkSync(armFile);
  } catch {
    return; // not armed now, or another handler took it
  }
  process.kill(process.pid, 'SIGKILL');
}
