/**
 * Every limit a sandboxed bot runs under (SPEC 3.2, metered deterministically: ADR 210). Defaults are the product's; tests and
 * operators pass partial overrides through configuration, never through hooks.
 */
export interface SandboxLimits {
  /** Hard bound of the bot's WebAssembly memory (rounded up to 64 KiB pages, min 16 MiB). */
  memoryBytes: number;
  /**
   * Work a tick may do before it draws from the round's bank, in budget steps: one step is one
   * call of QuickJS's interrupt handler, which QuickJS makes every 10,000 interpreter checks
   * (backward jumps and calls) — the same count on any machine under any load (ADR 210).
   */
  tickSteps: number;
  /** Per-round reserve of steps that over-running ticks draw from. */
  roundBankSteps: number;
  /** Total steps a bot may use in one round; past it the bot is disabled for the round. */
  roundCapSteps: number;
  /** Steps for evaluating the module, and for each onRoundStart call. */
  startupSteps: number;
  /**
   * Safety cap of one call in CPU time of the process: `safetyBaseMs + safetyMsPerStep × steps
   * allowed`. A fair bot never reaches it (a step costs ~0.3–1.5 ms of CPU here, and a busy host
   * does not add CPU time); it stops only work QuickJS does not count (a long run inside one
   * built-in), so only such a bot can play differently under load.
   */
  safetyBaseMs: number;
  safetyMsPerStep: number;
  /** QuickJS stack bound; deep recursion ends in a catchable "stack overflow" long before the host's stack. */
  stackBytes: number;
  /** Longest source accepted (the bots service takes ≤ 256 KiB). */
  maxSourceBytes: number;
  /** Longest serialized answer (intent + captured console lines) one call may hand back. */
  maxResultChars: number;
  /** Console lines kept per call, and characters per line. */
  maxLinesPerCall: number;
  maxLineChars: number;
  /** The whole per-bot debug log: entries and characters kept before new lines are dropped. */
  maxLogEntries: number;
  maxLogChars: number;
  /** `intent.debug` is cut to this length. */
  maxDebugChars: number;
}

/** Budget steps per millisecond of CPU on the reference machine (scripts/calibrate-budget.ts). */
export const STEPS_PER_MS = 2;

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryBytes: 32 * 1024 * 1024,
  // Calibrated by scripts/calibrate-budget.ts: bot-shaped work runs ~0.65–3.5 steps per CPU-ms
  // on the reference machine (median ~1.9), so 40 steps ≈ 20 ms, and the bank, cap and startup
  // keep their former 3 s, 15 s and 1 s.
  tickSteps: 40,
  roundBankSteps: 6_000,
  roundCapSteps: 30_000,
  startupSteps: 2_000,
  safetyBaseMs: 1_000,
  safetyMsPerStep: 20,
  stackBytes: 256 * 1024,
  maxSourceBytes: 256 * 1024,
  maxResultChars: 64 * 1024,
  maxLinesPerCall: 20,
  maxLineChars: 500,
  maxLogEntries: 5_000,
  maxLogChars: 256 * 1024,
  maxDebugChars: 200,
});

export function resolveLimits(overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as Array<[keyof SandboxLimits, number | undefined]>) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_LIMITS)) throw new RangeError(`unknown sandbox limit ${key}`);
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`sandbox limit ${key} must be a positive number, got ${value}`);
    limits[key] = value;
  }
  return limits;
}
