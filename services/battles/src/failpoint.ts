/**
 * A crash hook for the worker-death test, off unless both variables are set:
 *
 *   GARRISON_FAILPOINT=battles.mid-battle      which point may fire
 *   GARRISON_FAILPOINT_ARM_FILE=/tmp/…/armed   fires only while this file exists
 *
 * The first process that reaches the point while the file exists deletes it (so only one wins)
 * and kills itself with SIGKILL: no finally blocks, no rollback, no ack — like `kill -9`.
 */
import { unlinkSync } from 'node:fs';

export function failpoint(name: string): void {
  const armedPoint = process.env.GARRISON_FAILPOINT?.trim();
  const armFile = process.env.GARRISON_FAILPOINT_ARM_FILE?.trim();
  if (!armedPoint || name !== armedPoint || !armFile) return;
  try {
    unlinkSync(armFile);
  } catch {
    return; // not armed, or another process took it
  }
  process.kill(process.pid, 'SIGKILL');
}
