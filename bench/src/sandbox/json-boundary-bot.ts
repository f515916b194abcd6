/**
 * BENCH BASELINE — a sandboxed bot with the boundary as it was before ADR 260 (ADR 020): the
 * observation goes in as JSON text, the answer comes back as JSON text, and the safety cap reads
 * the process CPU time before every call. The tick path (`onTick`, `invoke`, `limitNextCall`,
 * `readPayload`) is the code of the sandbox before that change, verbatim; loading, round starts
 * and failures are cut down to what the bench needs (a failure throws). `npm run bench` measures
 * it beside the current boundary in the same run. Nothing in production imports it; do not fix
 * or extend it — it is the "before" of a measurement.
 */
import type { RoundInfo, Tick } from '@garrison/bot-api';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import {
  BOT_GLOBAL,
  compileBot,
  DebugLog,
  newBoundedQuickJS,
  normalizeIntent,
  resolveLimits,
  StepBudget,
  UnknownFieldWarnings,
  type Answer,
  type BotLanguage,
  type LogLevel,
  type SandboxLimits,
} from '@garrison/sandbox/internals';
import { preludeSource } from './json-boundary-prelude.js';

export interface JsonBoundaryBot {
  onRoundStart(info: RoundInfo): void;
  onTick(tick: Tick): Answer;
  dispose(): void;
}

const LOG_LEVELS = new Set<string>(['log', 'info', 'warn', 'error', 'debug']);
const MAX_REASON_CHARS = 200;

export async function loadJsonBoundaryBot(options: {
  source: string;
  language: BotLanguage;
  name?: string;
  limits?: Partial<SandboxLimits>;
}): Promise<JsonBoundaryBot> {
  const limits = resolveLimits(options.limits);
  const name = options.name ?? 'bot';
  const compiled = compileBot(options.source, options.language, name, limits.maxSourceBytes);
  if (!compiled.ok) throw new Error(`does not compile: ${compiled.error}`);
  const quickjs = await newBoundedQuickJS(limits.memoryBytes);
  const bot = new QuickJsBot(limits, quickjs.newRuntime());
  try {
    bot.start(compiled.code);
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
type CallOutcome = CallCost & ({ text: string } | { error: string; interrupted: boolean });

class QuickJsBot implements JsonBoundaryBot {
  private readonly context: QuickJSContext;
  private readonly log: DebugLog;
  private readonly steps: StepBudget;
  private stepCount = 0;
  private stepLimit = Infinity;
  private safetyDeadline = Infinity;
  private cutBySafety = false;
  private readonly rounds: Array<{ round: number; steps: number[] }> = [];
  private readonly fieldWarnings = new UnknownFieldWarnings((text) => this.system(text));
  private startFn: QuickJSHandle | undefined;
  private tickFn: QuickJSHandle | undefined;
  private round = 0;
  private tickNo = 0;
  private readonly counters = { calls: 0, skips: 0, steps: 0, maxCallSteps: 0, cpuMs: 0, maxCallMs: 0 };

  constructor(
    private readonly limits: SandboxLimits,
    private readonly runtime: QuickJSRuntime,
  ) {
    this.log = new DebugLog(limits);
    this.steps = new StepBudget(limits);
    runtime.setMaxStackSize(limits.stackBytes);
    runtime.setMemoryLimit(Math.floor(limits.memoryBytes * 0.75));
    runtime.setInterruptHandler(() => {
      this.stepCount++;
      if (this.stepCount > this.stepLimit) return true;
      if (processCpuMs() <= this.safetyDeadline) return false;
      this.cutBySafety = true;
      return true;
    });
    this.context = runtime.newContext();
  }

  start(code: string): void {
    const ctx = this.context;
    this.limitNextCall(this.limits.startupSteps);
    try {
      const attach = ctx.unwrapResult(
        ctx.evalCode(preludeSource({ ...this.limits, randomSeed: 0 }), 'prelude.js'),
      );
      ctx.unwrapResult(ctx.evalCode(code, 'bot.js')).dispose();
      const namespace = ctx.getProp(ctx.global, BOT_GLOBAL);
      const api = ctx.unwrapResult(ctx.callFunction(attach, ctx.undefined, namespace));
      namespace.dispose();
      attach.dispose();
      this.startFn = ctx.getProp(api, 'start');
      this.tickFn = ctx.getProp(api, 'tick');
      api.dispose();
    } finally {
      this.unlimit();
    }
  }

  onRoundStart(info: RoundInfo): void {
    this.round = info.round;
    this.tickNo = 0;
    this.steps.startRound();
    this.rounds.push({ round: info.round, steps: [] });
    const outcome = this.invoke(this.startFn!, JSON.stringify(info), this.limits.startupSteps);
    if ('error' in outcome) throw new Error(`onRoundStart failed: ${outcome.error}`);
    const payload = this.readPayload(outcome.text);
    if (payload.error) throw new Error(`onRoundStart threw: ${payload.error}`);
  }

  onTick(tick: Tick): Answer {
    this.tickNo = tick.tick;
    if (!this.tickFn) return this.skip('not started');
    if (this.steps.capReached) return this.skip('disabled');
    const outcome = this.invoke(this.tickFn, JSON.stringify(tick), this.steps.allowance());
    this.steps.record(outcome.steps);
    this.book(tick.tick, outcome);
    if ('error' in outcome) return this.skip(outcome.error);
    if (outcome.steps > this.limits.tickSteps) {
      this.system(
        `tick used ${outcome.steps} steps (budget ${this.limits.tickSteps}); bank left ${this.steps.remainingBank} steps`,
      );
    }
    const payload = this.readPayload(outcome.text);
    if (payload.error) return this.skip(payload.error);
    const checked = normalizeIntent(payload.intent, this.limits.maxDebugChars);
    if (!checked.ok) return this.skip(checked.reason);
    this.fieldWarnings.check(checked.unknownFields);
    if (checked.intent.debug !== undefined) this.log.addDebug(this.round, this.tickNo, checked.intent.debug);
    return { intent: checked.intent };
  }

  dispose(): void {
    this.startFn?.dispose();
    this.tickFn?.dispose();
    this.context.dispose();
    this.runtime.dispose();
  }

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

  private limitNextCall(steps: number): void {
    this.stepLimit = this.stepCount + steps;
    this.safetyDeadline = processCpuMs() + this.limits.safetyBaseMs + this.limits.safetyMsPerStep * steps;
    this.cutBySafety = false;
  }

  private unlimit(): void {
    this.stepLimit = Infinity;
    this.safetyDeadline = Infinity;
  }

  private invoke(fn: QuickJSHandle, json: string, allowance: number): CallOutcome {
    const ctx = this.context;
    let started = performance.now();
    const stepsBefore = this.stepCount;
    const cost = (): CallCost => ({
      steps: this.stepCount - stepsBefore,
      elapsedMs: performance.now() - started,
    });
    try {
      const arg = ctx.newString(json);
      started = performance.now();
      this.limitNextCall(allowance);
      const result = ctx.callFunction(fn, ctx.undefined, arg);
      const spent = cost();
      this.unlimit();
      arg.dispose();
      if (result.error) {
        const error = JSON.stringify(ctx.dump(result.error));
        result.error.dispose();
        return { error, interrupted: error.includes('interrupted'), ...spent };
      }
      const text = ctx.typeof(result.value) === 'string' ? ctx.getString(result.value) : '';
      result.value.dispose();
      return { text, ...spent };
    } finally {
      this.unlimit();
    }
  }

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
      return { error: full.length > MAX_REASON_CHARS ? full.slice(0, MAX_REASON_CHARS) : full };
    }
    return { intent: i };
  }

  private skip(reason: string): Answer {
    this.counters.skips++;
    this.system(`skipped: ${reason}`);
    return { skipped: reason };
  }

  private system(text: string): void {
    this.log.add(this.round, this.tickNo, 'system', text);
  }
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
