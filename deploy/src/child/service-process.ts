import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineSplitter, type SourceLog } from '../log.js';
import { waitForReady } from './readiness.js';

const WATCH_PARENT = fileURLToPath(new URL('./watch-parent.ts', import.meta.url));

export interface ServiceProcessOptions {
  name: string;
  /** Entry point relative to the repository root, e.g. `services/users/src/main.ts`. */
  entry: string;
  repoRoot: string;
  env: NodeJS.ProcessEnv;
  /** Base URL of the service's HTTP port, where `/readyz` answers. */
  httpUrl: string;
  log: SourceLog;
  readyTimeoutMs?: number;
  /** How long a service may drain after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
  /** Aborting gives up waiting for readiness (Ctrl-C during start-up). */
  signal?: AbortSignal;
}

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** A run this long counts as healthy again: the next crash restarts quickly. */
const STABLE_AFTER_MS = 60_000;

/**
 * One service as a supervised child process: started and awaited until ready, restarted with
 * exponential backoff when it crashes later, stopped with SIGTERM and — after a grace period — SIGKILL.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  /** Crashes are restarted only for a service that once came up: a failing first start is reported instead. */
  private wasReady = false;
  private backoffMs = FIRST_BACKOFF_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly recent: string[] = [];

  constructor(private readonly options: ServiceProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the service and resolves when `/readyz` answers 200; rejects, with its last output, if it dies first. */
  async start(): Promise<void> {
    const { log } = this.options;
    const startedAt = Date.now();
    const child = this.spawnChild();
    let exitedEarly: string | undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exitedEarly = `exit ${code ?? signal}`;
        resolve();
        this.onExit(child, code, signal, startedAt);
      });
    });
    try {
      await waitForReady(this.options.httpUrl, {
        timeoutMs: this.options.readyTimeoutMs ?? 90_000,
        gaveUp: () =>
          exitedEarly ??
          (this.stopping ? 'stopped' : this.options.signal?.aborted ? 'start cancelled' : undefined),
      });
    } catch (err) {
      if (!exitedEarly) await this.kill();
      throw new Error(
        `${this.name} did not become ready (${(err as Error).message}). Its last output:\n  ${this.recent.slice(-25).join('\n  ')}`,
        { cause: err },
      );
    }
    this.wasReady = true;
    log.info(
      `ready on ${this.options.httpUrl} (pid ${child.pid}, ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.kill();
  }

  /** Graceful stop, then a fresh start (a rolling restart's step). */
  async restart(): Promise<void> {
    await this.stop();
    this.stopping = false;
    this.backoffMs = FIRST_BACKOFF_MS;
    await this.start();
  }

  /** SIGKILL, as a crash would: the supervisor restarts it after its backoff, like any crash. */
  crash(): void {
    if (this.child?.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
  }

  private spawnChild(): ChildProcess {
    const { repoRoot, entry, env, log } = this.options;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', WATCH_PARENT, path.join(repoRoot, entry)],
      {
        cwd: repoRoot,
        env,
        // Own process group: a terminal's Ctrl-C reaches the launcher only, which stops services in reverse order.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    this.child = child;
    const remember = (line: string): void => {
      this.recent.push(line);
      if (this.recent.length > 60) this.recent.shift();
    };
    const out = lineSplitter((line) => {
      remember(line);
      log.line(line, 'info');
    });
    const err = lineSplitter((line) => {
      remember(line);
      log.line(line, 'warn');
    });
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    child.once('exit', () => {
      out.flush();
      err.flush();
    });
    child.once('error', (e) => log.error(`could not start: ${e.message}`));
    return child;
  }

  private onExit(
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    startedAt: number,
  ): void {
    if (this.stopping || !this.wasReady || child !== this.child) return;
    const ranFor = Date.now() - startedAt;
    if (ranFor >= STABLE_AFTER_MS) this.backoffMs = FIRST_BACKOFF_MS;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.options.log.error(
      `exited unexpectedly (${code !== null ? `code ${code}` : signal}); restarting in ${delay / 1000} s`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.start().catch((err: Error) =>
        this.options.log.error(err.message.split('\n')[0] ?? 'restart failed'),
      );
    }, delay);
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const pid = child.pid;
    const gone = (ms: number): Promise<boolean> =>
      Promise.race([
        this.exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref()),
      ]);
    signalGroup(pid, 'SIGTERM');
    if (await gone(this.options.stopTimeoutMs ?? 10_000)) return;
    this.options.log.warn(
      `did not stop within ${(this.options.stopTimeoutMs ?? 10_000) / 1000} s; killing it`,
    );
    signalGroup(pid, 'SIGKILL');
    await gone(5_000);
  }
}

/** Signals the whole process group the service leads, so anything it spawned stops too. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
