import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { RoundInfo, Tick } from '@garrison/bot-api';
import type { Answer, BotController } from './controller.js';
import { StepBudget } from './step-budget.js';
import { DebugLog, type DebugLogEntry } from './debug-log.js';
import { normalizeIntent, UnknownFieldWarnings } from './intent.js';
import { resolveLimits, STEPS_PER_MS, type SandboxLimits } from './limits.js';
import { noStats, type BotStats } from './sandboxed-bot.js';

/**
 * A bot written in any language, run as a child process speaking JSON lines (docs/bots-stdio.md):
 * one `{"type":"roundStart",…}` or `{"type":"tick",…}` line in, one intent line out per tick.
 * Not a sandbox — it is the player's own program on the player's machine (local Agent only). The
 * same tick deadline and time bank apply, measured in wall-clock time; a late answer is dropped.
 */
export interface StdioBot extends BotController {
  readonly name: string;
  /** The child's process id (a battle worker reports it so a killed battle leaves no orphans). */
  readonly pid: number | undefined;
  debugLog(): DebugLogEntry[];
  stats(): BotStats;
  dispose(): Promise<void>;
}

export interface StdioBotOptions {
  command: string;
  name?: string;
  cwd?: string;
  limits?: Partial<SandboxLimits>;
}

export function startStdioBot(options: StdioBotOptions): StdioBot {
  return new ChildProcessBot(
    options.name ?? options.command,
    options.command,
    resolveLimits(options.limits),
    options.cwd,
  );
}

/** What arrived for a tick: a line, an over-long line, or nothing (deadline or exit). */
type Arrival = { line: string } | { tooLong: true } | undefined;

interface Pending {
  resolve: (arrival: Arrival) => void;
  timer: NodeJS.Timeout;
}

class ChildProcessBot implements StdioBot {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly log: DebugLog;
  private readonly timeBudget: StepBudget;
  private readonly fieldWarnings = new UnknownFieldWarnings((text) =>
    this.log.add(this.round, this.tickNo, 'system', text),
  );
  private readonly counters: BotStats = noStats();
  private pending: Pending | undefined;
  /** Answers still owed for ticks that already timed out: the next lines belong to them. */
  private stale = 0;
  private buffer = '';
  private overflowing = false;
  private exited: string | undefined;
  private firstTick = true;
  private round = 0;
  private tickNo = 0;

  constructor(
    readonly name: string,
    command: string,
    private readonly limits: SandboxLimits,
    cwd: string | undefined,
  ) {
    this.log = new DebugLog(limits);
    // A program outside QuickJS cannot be counted in steps: it gets the same budget as time, at
    // the calibrated rate (ADR 210) — stdio bots are an Agent-only, local convenience.
    this.timeBudget = new StepBudget({
      tickSteps: limits.tickSteps / STEPS_PER_MS,
      roundBankSteps: limits.roundBankSteps / STEPS_PER_MS,
      roundCapSteps: limits.roundCapSteps / STEPS_PER_MS,
    });
    // Its own process group, so the whole command (a shell pipeline too) can be killed at once.
    this.child = spawn(command, { shell: true, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.receive(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      for (const line of chunk.split('\n'))
        if (line.trim() !== '') this.log.add(this.round, this.tickNo, 'log', line);
    });
    this.child.stdin.on('error', () => {
      // The process went away; 'exit' reports it.
    });
    this.child.on('error', (error) => this.gone(`could not start: ${error.message}`));
    this.child.on('exit', (code, signal) => this.gone(`exited (${signal ?? `code ${code}`})`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onRoundStart(info: RoundInfo): void {
    this.round = info.round;
    this.tickNo = 0;
    this.timeBudget.startRound();
    this.send({ type: 'roundStart', ...info });
  }

  async onTick(tick: Tick): Promise<Answer> {
    this.tickNo = tick.tick;
    if (this.exited) return this.skip(`process ${this.exited}`, true);
    if (this.timeBudget.capReached)
      return this.skip(
        `disabled: used the round's time cap of ${this.limits.roundCapSteps / STEPS_PER_MS} ms`,
        true,
      );
    // The first tick also pays for the process starting up.
    const allowance = this.firstTick
      ? Math.max(this.limits.startupSteps / STEPS_PER_MS, this.timeBudget.allowance())
      : this.timeBudget.allowance();
    this.firstTick = false;
    const started = performance.now();
    const answered = new Promise<Arrival>((resolve) => {
      this.pending = { resolve, timer: setTimeout(() => this.expire(), allowance) };
    });
    this.send({ type: 'tick', ...tick });
    const arrival = await answered;
    const elapsed = performance.now() - started;
    this.timeBudget.record(Math.min(elapsed, allowance));
    this.counters.calls++;
    this.counters.cpuMs += elapsed;
    this.counters.maxCallMs = Math.max(this.counters.maxCallMs, elapsed);
    if (arrival === undefined) {
      if (this.exited) return this.skip(`process ${this.exited}`, true);
      return this.skip(`timeout: no answer within ${Math.round(allowance)} ms`);
    }
    if ('tooLong' in arrival)
      return this.skip(`answer too large: over ${this.limits.maxResultChars} characters`);
    let value: unknown;
    try {
      value = JSON.parse(arrival.line);
    } catch {
      return this.skip('invalid intent: the answer line is not JSON');
    }
    const checked = normalizeIntent(value, this.limits.maxDebugChars);
    if (!checked.ok) return this.skip(checked.reason);
    this.fieldWarnings.check(checked.unknownFields);
    if (checked.intent.debug !== undefined) this.log.addDebug(this.round, this.tickNo, checked.intent.debug);
    return { intent: checked.intent };
  }

  debugLog(): DebugLogEntry[] {
    return this.log.snapshot();
  }

  stats(): BotStats {
    return { ...this.counters };
  }

  async dispose(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const killer = setTimeout(() => killProcessGroup(this.child.pid), 1_000);
    await exited;
    clearTimeout(killer);
  }

  private send(message: object): void {
    if (this.exited || !this.child.stdin.writable) return;
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** Splits stdout into lines, bounded: an endless line is discarded, not buffered. */
  private receive(chunk: string): void {
    let rest = chunk;
    for (;;) {
      const newline = rest.indexOf('\n');
      if (newline < 0) {
        if (!this.overflowing) this.buffer += rest;
        if (this.buffer.length > this.limits.maxResultChars) {
          this.overflowing = true;
          this.buffer = '';
        }
        return;
      }
      const line = this.buffer + rest.slice(0, newline);
      const arrival: Arrival = this.overflowing ? { tooLong: true } : { line };
      this.buffer = '';
      this.overflowing = false;
      rest = rest.slice(newline + 1);
      if ('tooLong' in arrival || line.trim() !== '') this.deliver(arrival);
    }
  }

  private deliver(arrival: NonNullable<Arrival>): void {
    if (this.stale > 0) {
      this.stale--;
      return;
    }
    const pending = this.pending;
    if (!pending) {
      this.log.add(this.round, this.tickNo, 'system', 'ignored an answer line nobody asked for');
      return;
    }
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(arrival);
  }

  private expire(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.stale++;
    pending.resolve(undefined);
  }

  private gone(reason: string): void {
    if (this.exited) return;
    this.exited = reason;
    this.log.add(this.round, this.tickNo, 'system', `process ${reason}`);
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      clearTimeout(pending.timer);
      pending.resolve(undefined);
    }
  }

  private skip(reason: string, disable = false): Answer {
    this.counters.skips++;
    this.log.add(this.round, this.tickNo, 'system', `skipped: ${reason}`);
    return disable ? { skipped: reason, disable } : { skipped: reason };
  }
}

/** Kills a stdio bot's whole process group; quiet when it is already gone. */
export function killProcessGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
