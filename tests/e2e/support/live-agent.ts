/**
 * The real Agent CLI (`garrison-agent`, apps/agent) as a player runs it, in child processes: `login`
 * stores a session in the player's own config folder, `play <bot>` holds the `/api/agent`
 * connection and plays the live battles it is offered. Output is kept line by line so a test can
 * wait for what the player would read on the terminal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Account } from './api-client.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const CLI = path.join(REPO, 'apps/agent/src/cli.ts');

/** One player's machine: the server URL and the folder `login` keeps the session in. */
export interface AgentHome {
  url: string;
  configDir: string;
}

export async function agentHome(url: string, parent: string, name: string): Promise<AgentHome> {
  const configDir = path.join(parent, name);
  await fs.mkdir(configDir, { recursive: true });
  return { url, configDir };
}

/** A running `garrison-agent <command>` with its output so far. */
export class AgentProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(home: AgentHome, args: string[], extraEnv: Record<string, string> = {}) {
    this.child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: REPO,
      env: { ...process.env, GARRISON_URL: home.url, GARRISON_CONFIG_DIR: home.configDir, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.wake();
        resolve({ code, signal });
      }),
    );
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        this.lines.push(...parts);
        this.wake();
      });
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first output line matching `pattern`, waiting up to `timeoutMs` (fails early if the process exits). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.lines.find((line) => pattern.test(line));
        if (found !== undefined) return done(() => resolve(found));
        if (!this.running)
          return done(() =>
            reject(new Error(`the agent exited before printing ${pattern}:\n${this.output()}`)),
          );
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(new Error(`the agent printed no ${pattern} in ${timeoutMs} ms:\n${this.output()}`)),
          ),
        timeoutMs,
      );
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Sends `signal` (SIGKILL: the process dies without closing anything) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.running) this.child.kill(signal);
    await this.exited;
  }

  output(): string {
    return this.lines.join('\n');
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** `garrison-agent login --user <login>` with the password on the environment, as a script would. */
export async function agentLogin(home: AgentHome, account: Account): Promise<void> {
  const login = new AgentProcess(home, ['login', '--user', account.login], {
    GARRISON_PASSWORD: account.password,
  });
  const { code } = await login.exited;
  if (code !== 0) throw new Error(`garrison-agent login exited with ${code}:\n${login.output()}`);
}

/** `garrison-agent play <bot file> --once`, resolved once it is connected and waiting for battles. */
export async function agentPlay(home: AgentHome, botFile: string, timeoutMs = 30_000): Promise<AgentProcess> {
  const agent = new AgentProcess(home, ['play', botFile, '--once']);
  await agent.waitForLine(/^connected to .* waiting for battles$/, timeoutMs);
  return agent;
}
