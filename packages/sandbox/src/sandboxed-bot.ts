import type { RoundInfo, Tick } from '@garrison/bot-api';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { BOT_GLOBAL, compileBot, type BotLanguage } from './compile.js';
import type { Answer, BotController } from './controller.js';
import { CpuBudget } from './cpu-budget.js';
import { DebugLog, type DebugLogEntry, type LogLevel } from './debug-log.js';
import { normalizeIntent } from './intent.js';
import { resolveLimits, type SandboxLimits } from './limits.js';
import { preludeSource } from './prelude.js';
import { newBoundedQuickJS } from './quickjs-module.js';

export interface LoadBotOptions {
  source: string;
  language: BotLanguage;
  name?: string;
  limits?: Partial<SandboxLimits>;
  /** Seeds the bot's `Math.random`, so offline battles repeat exactly. */
  randomSeed?: number;
}

export interface BotStats {
  calls: number;
  skips: number;
  cpuMs: number;
  maxCallMs: number;
}

export interface SandboxedBot extends BotController {
  readonly name: string;
  /** Synchronous: the sandbox answers within its deadline or skips. */
  onRoundStart(info: RoundInfo): void;
  onTick(tick: Tick): Answer;
  debugLog(): DebugLogEntry[];
  stats(): BotStats;
  dispose(): void;
}

/** A bot that could not be compiled or did not start; `message` is meant for its author. */
export class BotStartupError extends Error {
  override readonly name = 'BotStartupError';
}

const LOG_LEVELS = new Set<string>(['log', 'info', 'warn', 'error', 'debug']);
const MAX_REASON_CHARS = 200;

/**
 * Loads an untrusted bot module into its own QuickJS instance (own bounded WebAssembly memory)
 * and returns it as an engine controller. Throws `BotStartupError` when the source does not
 * compile, the module throws or exceeds the startup deadline, or it exports no `onTick`.
 */
export async function loadSandboxedBot(options: LoadBotOptions): Promise<SandboxedBot> {
  const limits = resolveLimits(options.limits);
  const name = options.name ?? 'bot';
  const compiled = compileBot(options.source, options.language, name, limits.maxSourceBytes);
  if (!compiled.ok) throw new BotStartupError(`does not compile: ${compiled.error}`);
  const quickjs = await newBoundedQuickJS(limits.memoryBytes);
  const runtime = quickjs.newRuntime();
  const bot = new QuickJsBot(name, limits, runtime);
  try {
    bot.start(compiled.code, options.randomSeed ?? 0);
  } catch (error) {
    bot.dispose();
    throw error;
  }
  return bot;
}

type CallOutcome =
  { text: string; elapsedMs: number } | { error: string; interrupted: boolean; elapsedMs: number };

class QuickJsBot implements SandboxedBot {
  private readonly context: QuickJSContext;
  private readonly log: DebugLog;
  private readonly budget: CpuBudget;
  private deadline = Infinity;
  private startFn: QuickJSHandle | undefined;
  private tickFn: QuickJSHandle | undefined;
  private crashed: string | undefined;
  private disabledNoted = false;
  private round = 0;
  private tickNo = 0;
  private readonly counters: BotStats = { calls: 0, skips: 0, cpuMs: 0, maxCallMs: 0 };

  constructor(
    readonly name: string,
    private readonly limits: SandboxLimits,
    private readonly runtime: QuickJSRuntime,
  ) {
    this.log = new DebugLog(limits);
    this.budget = new CpuBudget(limits);
    runtime.setMaxStackSize(limits.stackBytes);
    // QuickJS's own accounting trips first in most cases, leaving headroom for host-side
    // allocations (the observation string); the Memory maximum is the hard bound.
    runtime.setMemoryLimit(Math.floor(limits.memoryBytes * 0.75));
    runtime.setInterruptHandler(() => performance.now() > this.deadline);
    this.context = runtime.newContext();
  }

  /** Evaluates the prelude and the bot's script under the startup deadline. */
  start(code: string, randomSeed: number): void {
    const ctx = this.context;
    this.deadline = performance.now() + this.limits.startupMs;
    try {
      const attach = this.evaluate(preludeSource({ ...this.limits, randomSeed }), 'prelude.js');
      try {
        this.evaluate(code, `${this.name}.js`).dispose();
        const namespace = ctx.getProp(ctx.global, BOT_GLOBAL);
        const wrapped = ctx.callFunction(attach, ctx.undefined, namespace);
        namespace.dispose();
        if (wrapped.error) throw new BotStartupError(this.startupFailure(wrapped.error));
        const api = wrapped.value;
        this.startFn = ctx.getProp(api, 'start');
        this.tickFn = ctx.getProp(api, 'tick');
        api.dispose();
      } finally {
        attach.dispose();
      }
    } catch (error) {
      if (error instanceof BotStartupError) throw error;
      throw new BotStartupError(`failed to start: ${this.describeThrown(error)}`);
    } finally {
      this.deadline = Infinity;
    }
  }

  onRoundStart(info: RoundInfo): void {
    this.round = info.round;
    this.tickNo = 0;
    this.budget.startRound();
    this.disabledNoted = false;
    if (this.crashed || !this.startFn) return;
    const outcome = this.invoke(this.startFn, JSON.stringify(info), this.limits.startupMs);
    if ('error' in outcome) {
      this.system(
        `onRoundStart failed: ${outcome.interrupted ? `exceeded the ${this.limits.startupMs} ms startup deadline` : outcome.error}`,
      );
      return;
    }
    const payload = this.readPayload(outcome.text);
    if (payload.error) this.system(`onRoundStart threw: ${payload.error}`);
  }

  onTick(tick: Tick): Answer {
    this.tickNo = tick.tick;
    if (this.crashed || !this.tickFn) return this.skip(this.crashed ?? 'not started', false, true);
    if (this.budget.capReached) return this.disabledForRound();
    const allowance = this.budget.allowanceMs();
    const outcome = this.invoke(this.tickFn, JSON.stringify(tick), allowance);
    this.budget.record(outcome.elapsedMs);
    this.counters.calls++;
    this.counters.cpuMs += outcome.elapsedMs;
    this.counters.maxCallMs = Math.max(this.counters.maxCallMs, outcome.elapsedMs);
    if ('error' in outcome) {
      if (this.crashed) return this.skip(this.crashed, false, true);
      if (outcome.interrupted) {
        if (this.budget.capReached) return this.disabledForRound();
        return this.skip(
          `timeout: ran ${Math.round(outcome.elapsedMs)} ms, past the ${this.limits.tickMs} ms tick deadline and the round's time bank`,
        );
      }
      return this.skip(outcome.error);
    }
    if (outcome.elapsedMs > this.limits.tickMs) {
      this.system(
        `tick took ${outcome.elapsedMs.toFixed(1)} ms; time bank left ${this.budget.remainingBankMs.toFixed(0)} ms`,
      );
    }
    const payload = this.readPayload(outcome.text);
    if (payload.error) return this.skip(payload.error);
    const checked = normalizeIntent(payload.intent, this.limits.maxDebugChars);
    if (!checked.ok) return this.skip(checked.reason);
    if (checked.intent.debug !== undefined) this.log.addDebug(this.round, this.tickNo, checked.intent.debug);
    return { intent: checked.intent };
  }

  debugLog(): DebugLogEntry[] {
    return this.log.snapshot();
  }

  stats(): BotStats {
    return { ...this.counters };
  }

  dispose(): void {
    // A crashed instance is never entered again, not even to free it: dropping the references
    // releases its memory.
    if (this.crashed) return;
    for (const release of [
      () => this.startFn?.dispose(),
      () => this.tickFn?.dispose(),
      () => this.context.dispose(),
      () => this.runtime.dispose(),
    ]) {
      try {
        release();
      } catch {
        // A crashed instance may fail to tear down cleanly; its memory goes with the module.
      }
    }
    this.startFn = this.tickFn = undefined;
  }

  /** Calls a kept function handle with one string; never throws (a host-level fault marks the bot crashed). */
  private invoke(fn: QuickJSHandle, json: string, allowanceMs: number): CallOutcome {
    const ctx = this.context;
    let started = performance.now();
    try {
      const arg = ctx.newString(json);
      started = performance.now();
      this.deadline = started + allowanceMs;
      const result = ctx.callFunction(fn, ctx.undefined, arg);
      const elapsedMs = performance.now() - started;
      arg.dispose();
      if (result.error) {
        const error = this.describeHandle(result.error);
        result.error.dispose();
        return { error, interrupted: error.startsWith('InternalError: interrupted'), elapsedMs };
      }
      const text = ctx.typeof(result.value) === 'string' ? ctx.getString(result.value) : '';
      result.value.dispose();
      return { text, elapsedMs };
    } catch (error) {
      // The wasm instance itself failed (its memory exhausted mid-allocation, a trap, the host
      // stack): it is not safe to enter again.
      this.crashed = `crashed: ${this.describeThrown(error)}`;
      this.system(`${this.crashed}; the bot skips every remaining tick`);
      return { error: this.crashed, interrupted: false, elapsedMs: performance.now() - started };
    } finally {
      this.deadline = Infinity;
    }
  }

  private evaluate(code: string, filename: string): QuickJSHandle {
    const result = this.context.evalCode(code, filename);
    if (result.error) throw new BotStartupError(this.startupFailure(result.error));
    return result.value;
  }

  private startupFailure(errorHandle: QuickJSHandle): string {
    const error = this.describeHandle(errorHandle);
    errorHandle.dispose();
    if (error.startsWith('InternalError: interrupted')) {
      return `failed to start: exceeded the ${this.limits.startupMs} ms startup deadline`;
    }
    // esbuild turns `import` into `require`, which the sandbox does not have.
    const hint = error.includes("'require' is not defined") ? ' (bots cannot import modules)' : '';
    return `failed to start: ${error}${hint}`;
  }

  /** Reads an error value out of the VM under a short deadline (a hostile toJSON could loop). */
  private describeHandle(handle: QuickJSHandle): string {
    const saved = this.deadline;
    this.deadline = performance.now() + 20;
    try {
      const dumped: unknown = this.context.dump(handle);
      if (dumped && typeof dumped === 'object' && 'message' in dumped) {
        const { name, message } = dumped as { name?: unknown; message?: unknown };
        return truncate(`${String(name ?? 'Error')}: ${String(message)}`, MAX_REASON_CHARS);
      }
      return truncate(`threw ${JSON.stringify(dumped) ?? String(dumped)}`, MAX_REASON_CHARS);
    } catch {
      return 'threw a value that cannot be read';
    } finally {
      this.deadline = saved;
    }
  }

  private describeThrown(error: unknown): string {
    if (error instanceof BotStartupError) return error.message;
    return truncate(
      error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      MAX_REASON_CHARS,
    );
  }

  /** Parses the wrapper's answer defensively: a bot may have reshaped it through prototypes. */
  private readPayload(text: string): { intent?: unknown; error?: string } {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return { error: 'the sandbox answer was not readable' };
    }
    if (payload === null || typeof payload !== 'object')
      return { error: 'the sandbox answer was not readable' };
    const { i, e, l, d } = payload as Record<string, unknown>;
    // The wrapper always sends its line array; without it the answer was reshaped by the bot.
    if (!Array.isArray(l)) return { error: 'the sandbox answer was not readable' };
    for (let index = 0; index + 1 < l.length; index += 2) {
      const level = l[index];
      const line = l[index + 1];
      if (typeof level === 'string' && LOG_LEVELS.has(level) && typeof line === 'string')
        this.log.add(this.round, this.tickNo, level as LogLevel, line);
    }
    if (typeof d === 'number' && d > 0)
      this.system(`${d} console lines dropped (limit ${this.limits.maxLinesPerCall} per call)`);
    if (e !== undefined) {
      const full = typeof e === 'string' ? e : 'threw';
      if (full.includes('\n')) this.log.add(this.round, this.tickNo, 'error', full);
      return { error: truncate(full.split('\n')[0] ?? full, MAX_REASON_CHARS) };
    }
    return { intent: i };
  }

  private skip(reason: string, note = true, disable = false): Answer {
    this.counters.skips++;
    if (note) this.system(`skipped: ${reason}`);
    return disable ? { skipped: reason, disable } : { skipped: reason };
  }

  private disabledForRound(): Answer {
    const reason = `disabled: used the round's CPU cap of ${this.limits.roundCpuCapMs} ms`;
    if (!this.disabledNoted) this.system(`${reason}; the bot sits out the rest of the round`);
    this.disabledNoted = true;
    return this.skip(reason, false, true);
  }

  private system(text: string): void {
    this.log.add(this.round, this.tickNo, 'system', text);
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
