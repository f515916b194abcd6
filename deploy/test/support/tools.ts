/** Command-line tools the deploy suites drive (podman, promtool, amtool, prometheus), and skipping without them. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Tool {
  name: string;
  /** The Debian package that provides it. */
  pkg: string;
}

const PATHS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/bin', '/sbin'];
export const toolPath = (name: string): string | undefined =>
  PATHS.map((p) => `${p}/${name}`).find((p) => existsSync(p));

/**
 * True when every tool is installed. Otherwise the suite skips with a message naming the packages —
 * and under CI=true it fails instead, since .ci/run installs them.
 */
export function needsTools(suite: string, tools: readonly Tool[]): boolean {
  const missing = tools.filter((t) => !toolPath(t.name));
  if (missing.length === 0) return true;
  const hint = `apt-get install -y ${[...new Set(missing.map((t) => t.pkg))].join(' ')}`;
  const names = missing.map((t) => t.name).join(', ');
  if (process.env.CI === 'true') throw new Error(`${suite}: ${names} required in CI but missing (${hint})`);
  console.warn(`${suite} skipped: ${names} not installed (${hint}); with CI=true it fails`);
  return false;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws on a non-zero exit (callers assert on it). */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    // A tool that exits without reading its input closes the pipe (EPIPE): its exit code tells.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Like run, but a non-zero exit throws with the command's output. */
export async function runOk(
  command: string,
  args: readonly string[],
  options: Parameters<typeof run>[2] = {},
) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`.slice(
        0,
        8000,
      ),
    );
  }
  return result;
}
