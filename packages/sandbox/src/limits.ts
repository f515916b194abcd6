/**
 * Every limit a sandboxed bot runs under (SPEC 3.2). Defaults are the product's; tests and
 * operators pass partial overrides through configuration, never through hooks.
 */
export interface SandboxLimits {
  /** Hard bound of the bot's WebAssembly memory (rounded up to 64 KiB pages, min 16 MiB). */
  memoryBytes: number;
  /** CPU time a tick may take before it draws from the round's time bank. */
  tickMs: number;
  /** Per-round reserve that over-running ticks draw from. */
  roundBankMs: number;
  /** Total CPU a bot may use in one round; past it the bot is disabled for the round. */
  roundCpuCapMs: number;
  /** Deadline for evaluating the module, and for each onRoundStart call. */
  startupMs: number;
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

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryBytes: 32 * 1024 * 1024,
  tickMs: 20,
  roundBankMs: 3_000,
  roundCpuCapMs: 15_000,
  startupMs: 1_000,
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
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`sandbox limit ${key} must be a positive number, got ${value}`);
    limits[key] = value;
  }
  return limits;
}
