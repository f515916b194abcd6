import type { RoundInfo, Tick } from '@garrison/bot-api';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { BOT_GLOBAL, compileBot, type BotLanguage } from './compile.js';
import type { Answer, BotController } from './controller.js';
import { DebugLog, type DebugLogEntry, type LogLevel } from './debug-log.js';
import { normalizeIntent, UnknownFieldWarnings } from './intent.js';
import { sourcePositionMapper } from './source-positions.js';
import { StepBudget } from './step-budget.js';
import { resolveLimits, type SandboxLimits } from './limits.js';
import { preludeSource } from './prelude.js';
import { newBoundedQuickJS } from './quickjs-module.js';
import { ANSWER_NUMBERS, decodeIntent, encodeTick, slotsNeeded } from './tick-codec.js';

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
  /** Budget steps used over the battle (deterministic: ADR 210). */
  steps: number;
  maxCallSteps: number;
  /** Wall-clock time the calls took (for metrics; never decides anything a bot sees). */
  cpuMs: number;
  maxCallMs: number;
}

/** Stats of a bot not called yet. */
export function noStats(): BotStats {
  return { calls: 0, skips: 0, steps: 0, maxCallSteps: 0, cpuMs: 0, maxCallMs: 0 };
}

/** Steps each tick of a round used (index = tick; -1 where the bot was not called). */
export interface RoundBudget {
  round: number;
  steps: number[];
}

export interface SandboxedBot extends BotController {
  readonly name: string;
  /** Synchronous: the sandbox answers within its deadline or skips. */
  onRoundStart(info: RoundInfo): void;
  onTick(tick: Tick): Answer;
  debugLog(): DebugLogEntry[];
  stats(): BotStats;
  budget(): RoundBudget[];
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
  const file = `${name}.${options.language}`;
  const bot = new QuickJsBot(
    name,
    limits,
    runtime,
    quickjs.getWasmMemory() as unknown as WasmMemory,
    file,
    sourcePositionMapper(compiled.map, file),
  );
  try {
    bot.start(compiled.code, options.randomSeed ?? 0);
  } catch (error) {
    bot.dispose();
    throw error;
  }
  return bot;
}

interface CallCost {
  steps: number;
  elapsedMs: number;
}
type CallOutcome = CallCost &
  ({ text: string } | { numbers: true } | { error: string; interrupted: boolean });

/** The bot's WebAssembly memory (@types/node declares no WebAssembly.Memory). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** Slots of the shared view at first (64 KiB); a bigger observation gets a bigger view. */
export const INITIAL_VIEW_SLOTS = 8192;
/** How old (wall ms) a reading of the process CPU time the safety cap uses may be. */
const CPU_READING_MAX_AGE_MS = 2;

class QuickJsBot implements SandboxedBot {
  private readonly context: QuickJSContext;
  private readonly log: DebugLog;
  private readonly steps: StepBudget;
  /** Interrupt-handler calls so far: the step counter. */
  private stepCount = 0;
  private stepLimit = Infinity;
  /** Process CPU time (ms) past which the current call is stopped whatever its steps. */
  private safetyDeadline = Infinity;
  private cutBySafety = false;
  private readonly rounds: RoundBudget[] = [];
  private readonly fieldWarnings = new UnknownFieldWarnings((text) => this.system(text));
  private startFn: QuickJSHandle | undefined;
  private tickFn: QuickJSHandle | undefined;
  private shareFn: QuickJSHandle | undefined;
  private bindFn: QuickJSHandle | undefined;
  /** The host's side of the shared view (ADR 260): where it lies in the WebAssembly memory. */
  private view = new Float64Array(0);
  private viewAddress = 0;
  private viewSlots = 0;
  /** The last reading of the process CPU time, and when (wall clock) it was taken. */
  private cpuReading = 0;
  private cpuReadAt = -Infinity;
  private crashed: string | undefined;
  private disabledNoted = false;
  private round = 0;
  private tickNo = 0;
  private readonly counters: BotStats = noStats();

  constructor(
    readonly name: string,
    private readonly limits: SandboxLimits,
    private readonly runtime: QuickJSRuntime,
    private readonly memory: WasmMemory,
    private readonly file: string,
    private readonly mapPositions: (text: string) => string,
  ) {
    this.log = new DebugLog(limits);
    this.steps = new StepBudget(limits);
    runtime.setMaxStackSize(limits.stackBytes);
    // QuickJS's own accounting trips first in most cases, leaving headroom for host-side
    // allocations (the observation string); the Memory maximum is the hard bound.
    runtime.setMemoryLimit(Math.floor(limits.memoryBytes * 0.75));
    // QuickJS calls this every 10,000 interpreter checks: counting the calls meters the bot's work
    // the same way everywhere; the wall clock is only a safety cap (ADR 210).
    runtime.setInterruptHandler(() => {
      this.stepCount++;
      if (this.stepCount > this.stepLimit) return true;
      if (this.cpuMs() <= this.safetyDeadline) return false;
      this.cutBySafety = true;
      return true;
    });
    this.context = runtime.newContext();
  }

  /** Evaluates the prelude and the bot's script under the startup deadline. */
  start(code: string, randomSeed: number): void {
    const ctx = this.context;
    this.limitNextCall(this.limits.startupSteps);
    try {
      const attach = this.evaluate(preludeSource({ ...this.limits, randomSeed }), 'prelude.js');
      try {
        this.shareFn = ctx.getProp(attach, 'share');
        this.bindFn = ctx.getProp(attach, 'bind');
        this.shareView(INITIAL_VIEW_SLOTS);
        this.evaluate(code, this.file).dispose();
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
      this.unlimit();
    }
  }

  onRoundStart(info: RoundInfo): void {
    this.round = info.round;
    this.tickNo = 0;
    this.steps.startRound();
    this.rounds.push({ round: info.round, steps: [] });
    this.disabledNoted = false;
    if (this.crashed || !this.startFn) return;
    const outcome = this.invoke(this.startFn, JSON.stringify(info), this.limits.startupSteps, false);
    if ('error' in outcome) {
      this.system(`onRoundStart failed: ${outcome.interrupted ? this.startupOverrun() : outcome.error}`);
      return;
    }
    const payload = this.readPayload('text' in outcome ? outcome.text : '');
    if (payload.error) this.system(`onRoundStart threw: ${payload.error}`);
  }

  onTick(tick: Tick): Answer {
    this.tickNo = tick.tick;
    if (this.crashed || !this.tickFn) return this.skip(this.crashed ?? 'not started', false, true);
    if (this.steps.capReached) return this.disabledForRound();
    let reasons: string[] | undefined;
    try {
      const needed = slotsNeeded(tick);
      if (needed > this.viewSlots) this.shareView(needed * 2);
      reasons = encodeTick(tick, this.hostView());
    } catch (error) {
      if (error instanceof TypeError) throw error; // an observation outside the contract: an engine bug
      this.crashed = `crashed: ${this.describeThrown(error)}`;
      this.system(`${this.crashed}; the bot skips every remaining tick`);
      return this.skip(this.crashed, false, true);
    }
    const outcome = this.invoke(
      this.tickFn,
      reasons && JSON.stringify(reasons),
      this.steps.allowance(),
      true,
    );
    this.steps.record(outcome.steps);
    this.book(tick.tick, outcome);
    if ('error' in outcome) {
      if (this.crashed) return this.skip(this.crashed, false, true);
      if (outcome.interrupted) {
        if (this.steps.capReached) return this.disabledForRound();
        return this.skip(
          outcome.safety
            ? `timeout: ran ${Math.round(outcome.elapsedMs)} ms inside work QuickJS does not count (the CPU safety cap)`
            : `timeout: used ${outcome.steps} steps, past the ${this.limits.tickSteps}-step tick budget and the round's bank`,
        );
      }
      return this.skip(outcome.error);
    }
    if (outcome.steps > this.limits.tickSteps) {
      this.system(
        `tick used ${outcome.steps} steps (budget ${this.limits.tickSteps}); bank left ${this.steps.remainingBank} steps`,
      );
    }
    if ('numbers' in outcome) return { intent: decodeIntent(this.hostView()) };
    const payload = this.readPayload(outcome.text);
    if (payload.error) return this.skip(payload.error);
    const checked = normalizeIntent(payload.intent, this.limits.maxDebugChars);
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

  budget(): RoundBudget[] {
    return this.rounds.map((round) => ({ round: round.round, steps: [...round.steps] }));
  }

  dispose(): void {
    // A crashed instance is never entered again, not even to free it: dropping the references
    // releases its memory.
    if (this.crashed) return;
    for (const release of [
      () => this.startFn?.dispose(),
      () => this.tickFn?.dispose(),
      () => this.shareFn?.dispose(),
      () => this.bindFn?.dispose(),
      () => this.context.dispose(),
      () => this.runtime.dispose(),
    ]) {
      try {
        release();
      } catch {
        // A crashed instance may fail to tear down cleanly; its memory goes with the module.
      }
    }
    this.startFn = this.tickFn = this.shareFn = this.bindFn = undefined;
  }

  /** Books one tick's cost: stats, and the round's per-tick step record for the debug log. */
  private book(tickNo: number, cost: CallCost): void {
    this.counters.calls++;
    this.counters.steps += cost.steps;
    this.counters.maxCallSteps = Math.max(this.counters.maxCallSteps, cost.steps);
    this.counters.cpuMs += cost.elapsedMs;
    this.counters.maxCallMs = Math.max(this.counters.maxCallMs, cost.elapsedMs);
    const record = this.rounds.at(-1)?.steps;
    if (record && tickNo < 100_000) {
      while (record.length < tickNo) record.push(-1);
      record[tickNo] = cost.steps;
    }
  }

  /**
   * The next call may take `steps` steps, and its CPU-time safety cap in proportion. The cap reads
   * the process CPU time at most every CPU_READING_MAX_AGE_MS of wall time (ADR 260): reading it (a
   * system call) was a fifth of a short call's cost; a reading that old moves a cap of 1,800 ms or
   * more by a few milliseconds.
   */
  private limitNextCall(steps: number): void {
    this.stepLimit = this.stepCount + steps;
    this.safetyDeadline = this.cpuMs() + this.limits.safetyBaseMs + this.limits.safetyMsPerStep * steps;
    this.cutBySafety = false;
  }

  /** Process CPU time (ms), read again when the last reading is over CPU_READING_MAX_AGE_MS old. */
  private cpuMs(): number {
    const now = performance.now();
    if (now - this.cpuReadAt > CPU_READING_MAX_AGE_MS) {
      this.cpuReading = processCpuMs();
      this.cpuReadAt = now;
    }
    return this.cpuReading;
  }

  /** The host's Float64Array over the shared view (made anew after the memory grew). */
  private hostView(): Float64Array {
    if (this.view.length === 0 && this.viewSlots > 0)
      this.view = new Float64Array(this.memory.buffer, this.viewAddress, this.viewSlots);
    return this.view;
  }

  /**
   * Gives the prelude a new view buffer of `slots` doubles and finds where it lies in the
   * WebAssembly memory: the prelude writes four random doubles at its start, the host searches the
   * memory for them (they must be found exactly once), aligns the view to 8 bytes and checks that
   * a double written by the host reads back inside QuickJS. quickjs-emscripten only copies
   * ArrayBuffers in and out; this is how both sides get to share one.
   */
  private shareView(slots: number): void {
    const ctx = this.context;
    if (!this.shareFn || !this.bindFn) throw new Error('the sandbox view is not attached');
    const marks = new Float64Array(4);
    const words = new Uint32Array(4);
    crypto.getRandomValues(words);
    for (let i = 0; i < 4; i++) marks[i] = 1 + words[i]! / 2 ** 32 + i / 2 ** 40;
    const bytes = slots * 8 + 8;
    const args = [bytes, ...marks].map((value) => ctx.newNumber(value));
    const saved = { stepLimit: this.stepLimit, safetyDeadline: this.safetyDeadline };
    this.limitNextCall(VIEW_SETUP_STEPS);
    try {
      ctx.unwrapResult(ctx.callFunction(this.shareFn, ctx.undefined, ...args)).dispose();
      const memory = Buffer.from(this.memory.buffer);
      const needle = Buffer.from(marks.buffer);
      const found = memory.indexOf(needle);
      if (found < 0 || memory.indexOf(needle, found + 1) >= 0)
        throw new Error('the sandbox view could not be located in the WebAssembly memory');
      const pad = (8 - (found % 8)) % 8;
      this.viewAddress = found + pad;
      this.viewSlots = slots;
      this.view = new Float64Array(this.memory.buffer, this.viewAddress, slots);
      const probe = marks[3]! + 1;
      this.view[0] = probe;
      const pad1 = ctx.newNumber(pad);
      const read = ctx.unwrapResult(ctx.callFunction(this.bindFn, ctx.undefined, pad1));
      pad1.dispose();
      const echoed = ctx.getNumber(read);
      read.dispose();
      if (!Object.is(echoed, probe)) throw new Error('the sandbox view does not read back');
    } finally {
      for (const arg of args) arg.dispose();
      this.stepLimit = saved.stepLimit;
      this.safetyDeadline = saved.safetyDeadline;
    }
  }

  private unlimit(): void {
    this.stepLimit = Infinity;
    this.safetyDeadline = Infinity;
  }

  /**
   * Calls a kept function handle with one string (or none); never throws (a host-level fault marks
   * the bot crashed). With `viewAnswer`, an answer the prelude put in the shared view comes back as
   * `{numbers: true}`.
   */
  private invoke(
    fn: QuickJSHandle,
    json: string | undefined,
    allowance: number,
    viewAnswer: boolean,
  ): CallOutcome & { safety?: boolean } {
    const ctx = this.context;
    let started = performance.now();
    const stepsBefore = this.stepCount;
    try {
      const arg = json === undefined ? undefined : ctx.newString(json);
      started = performance.now();
      this.limitNextCall(allowance);
      const result = arg ? ctx.callFunction(fn, ctx.undefined, arg) : ctx.callFunction(fn, ctx.undefined);
      const steps = this.stepCount - stepsBefore;
      const elapsedMs = performance.now() - started;
      this.unlimit();
      arg?.dispose();
      if (result.error) {
        const error = this.describeHandle(result.error);
        result.error.dispose();
        const interrupted = error.startsWith('InternalError: interrupted');
        return {
          error,
          interrupted,
          steps,
          elapsedMs,
          ...(interrupted && this.cutBySafety ? { safety: true } : {}),
        };
      }
      if (viewAnswer && this.hostView()[0] === ANSWER_NUMBERS) {
        result.value.dispose();
        return { numbers: true, steps, elapsedMs };
      }
      const text = ctx.typeof(result.value) === 'string' ? ctx.getString(result.value) : '';
      result.value.dispose();
      return { text, steps, elapsedMs };
    } catch (error) {
      // The wasm instance itself failed (its memory exhausted mid-allocation, a trap, the host
      // stack): it is not safe to enter again.
      const steps = this.stepCount - stepsBefore;
      const elapsedMs = performance.now() - started;
      this.crashed = `crashed: ${this.describeThrown(error)}`;
      this.system(`${this.crashed}; the bot skips every remaining tick`);
      return { error: this.crashed, interrupted: false, steps, elapsedMs };
    } finally {
      this.unlimit();
    }
  }

  private startupOverrun(): string {
    return this.cutBySafety
      ? `exceeded the startup CPU safety cap of ${this.limits.safetyBaseMs + this.limits.safetyMsPerStep * this.limits.startupSteps} ms`
      : `exceeded the ${this.limits.startupSteps}-step startup budget`;
  }

  private evaluate(code: string, filename: string): QuickJSHandle {
    const result = this.context.evalCode(code, filename);
    if (result.error) throw new BotStartupError(this.startupFailure(result.error));
    return result.value;
  }

  private startupFailure(errorHandle: QuickJSHandle): string {
    const error = this.describeHandle(errorHandle);
    errorHandle.dispose();
    if (error.startsWith('InternalError: interrupted')) return `failed to start: ${this.startupOverrun()}`;
    // esbuild turns `import` into `require`, which the sandbox does not have.
    const hint = error.includes("'require' is not defined") ? ' (bots cannot import modules)' : '';
    return `failed to start: ${error}${hint}`;
  }

  /** Reads an error value out of the VM under a small budget (a hostile toJSON could loop). */
  private describeHandle(handle: QuickJSHandle): string {
    const saved = {
      stepLimit: this.stepLimit,
      safetyDeadline: this.safetyDeadline,
      cutBySafety: this.cutBySafety,
    };
    this.limitNextCall(DESCRIBE_STEPS);
    try {
      const dumped: unknown = this.context.dump(handle);
      if (dumped && typeof dumped === 'object' && 'message' in dumped) {
        const { name, message, stack } = dumped as { name?: unknown; message?: unknown; stack?: unknown };
        // Where it was thrown, in the author's source (a module that throws while loading).
        const at =
          typeof stack === 'string'
            ? this.mapPositions(stack).match(/\(([^()\s]+:\d+:\d+)\)/)?.[1]
            : undefined;
        const where = at && at.startsWith(this.file) ? ` (at ${at})` : '';
        return truncate(`${String(name ?? 'Error')}: ${String(message)}${where}`, MAX_REASON_CHARS);
      }
      return truncate(`threw ${JSON.stringify(dumped) ?? String(dumped)}`, MAX_REASON_CHARS);
    } catch {
      return 'threw a value that cannot be read';
    } finally {
      this.stepLimit = saved.stepLimit;
      this.safetyDeadline = saved.safetyDeadline;
      this.cutBySafety = saved.cutBySafety;
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
      const full = typeof e === 'string' ? this.mapPositions(e) : 'threw';
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
    const reason = `disabled: used the round's cap of ${this.limits.roundCapSteps} steps`;
    if (!this.disabledNoted) this.system(`${reason}; the bot sits out the rest of the round`);
    this.disabledNoted = true;
    return this.skip(reason, false, true);
  }

  private system(text: string): void {
    this.log.add(this.round, this.tickNo, 'system', text);
  }
}

/**
 * CPU time this process has used, in ms. The safety cap reads CPU time, not the wall clock: a busy
 * host slows a bot's wall clock many times over, but not its CPU time (ADR 210).
 */
function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Steps allowed for reading an error value out of the VM. */
const DESCRIBE_STEPS = 20;
/** Steps allowed for making the shared view (the host's own work, booked to no tick). */
const VIEW_SETUP_STEPS = 100;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
