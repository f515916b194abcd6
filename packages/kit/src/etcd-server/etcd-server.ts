import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../net/free-ports.js';

/** Where Debian's `etcd-server` puts the binary; ETCD_BIN overrides. */
export function etcdBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.ETCD_BIN, '/usr/bin/etcd', '/usr/local/bin/etcd'].filter(Boolean) as string[];
  return candidates.find((c) => existsSync(c));
}

export const ETCD_INSTALL_HINT = 'install it with `apt-get install etcd-server` (Debian) or set ETCD_BIN';

export interface EtcdServer {
  /** `127.0.0.1:port` for GARRISON_DISCOVERY=etcd://… */
  endpoint: string;
  /** Stops it gracefully (SIGTERM); the data folder stays for `start()`. */
  stop(): Promise<void>;
  /** Kills it (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and data. */
  start(): Promise<void>;
}

/**
 * A single-member etcd of our own, on free loopback ports with its data in `dataDir` — for the
 * cluster launcher and tests, never the machine's shared one.
 */
export async function startEtcdServer(opts: {
  dataDir: string;
  log?: (line: string) => void;
}): Promise<EtcdServer> {
  const bin = etcdBinary();
  if (!bin) throw new Error(`etcd is not installed: ${ETCD_INSTALL_HINT}`);
  const clientPort = await freePort();
  const peerPort = await freePort();
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    const proc = spawn(
      bin,
      [
        '--name=garrison',
        `--data-dir=${path.join(opts.dataDir, 'etcd')}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=garrison=${peer}`,
        '--log-level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    const recent: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        opts.log?.(line);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`etcd exited at start:\n${recent.join('\n')}`);
      try {
        const res = await fetch(`${client}/health`, { signal: AbortSignal.timeout(1_000) });
        if (res.ok && ((await res.json()) as { health?: string }).health === 'true') return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`etcd did not become healthy within 20 s:\n${recent.join('\n')}`);
      }
      await sleep(100);
    }
  };

  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(sig);
    await exited;
  };

  await start();
  return {
    endpoint: `127.0.0.1:${clientPort}`,
    start,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
