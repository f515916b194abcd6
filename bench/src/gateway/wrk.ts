// wrk (Debian's `wrk`) as a measuring instrument: one thread, a fixed number of connections, the
// latency distribution parsed from `--latency`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkResult {
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 2xx/3xx, and socket errors: a measurement with either is not comparable. */
  non2xx: number;
  socketErrors: number;
}

/** `2.31ms`, `512.00us`, `1.02s` → milliseconds. */
function toMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`wrk latency "${text}" not understood`);
  const value = Number(m[1]);
  return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
}

export async function wrk(
  url: string,
  opts: { connections: number; seconds: number; headers: Record<string, string> },
): Promise<WrkResult> {
  const args = ['-t1', `-c${opts.connections}`, `-d${opts.seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(opts.headers)) args.push('-H', `${name}: ${value}`);
  const { stdout } = await run('wrk', [...args, url], { maxBuffer: 1 << 20 });
  const pick = (re: RegExp): string => {
    const m = re.exec(stdout);
    if (!m?.[1]) throw new Error(`wrk output without ${re}:\n${stdout}`);
    return m[1];
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    connections: opts.connections,
    durationSeconds: opts.seconds,
    requests: Number(pick(/(\d+) requests in/)),
    requestsPerSecond: Number(pick(/Requests\/sec:\s+([\d.]+)/)),
    p50Ms: toMs(pick(/\s50%\s+(\S+)/)),
    p99Ms: toMs(pick(/\s99%\s+(\S+)/)),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
    socketErrors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

/** True when the command answers `--version`-style probes (used to say clearly what is missing). */
export async function hasCommand(command: string, probe: string[] = ['-v']): Promise<boolean> {
  try {
    await run(command, probe);
    return true;
  } catch (err) {
    // wrk -v exits 1 after printing its version; only a missing binary is ENOENT.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
