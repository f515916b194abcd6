import type { LiveBattleSpec } from '../contract.js';

/** Every timing rule of a live battle (SPEC 3.3), resolved from the spec and the defaults. */
export interface LiveTimings {
  tickRate: number;
  periodMs: number;
  /** Base intent deadline after the tick is sent. */
  deadlineMs: number;
  /** Cap of the latency allowance (half the measured RTT) added to the deadline. */
  maxLatencyAllowanceMs: number;
  timeBankMs: number;
  idleAfterMs: number;
  forfeitAfterMs: number;
  readyWithinMs: number;
}

export const DEFAULT_TIMINGS: Readonly<LiveTimings> = Object.freeze({
  tickRate: 10,
  periodMs: 100,
  deadlineMs: 80,
  maxLatencyAllowanceMs: 100,
  timeBankMs: 3_000,
  idleAfterMs: 2_000,
  forfeitAfterMs: 30_000,
  readyWithinMs: 10_000,
});

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0`);
  return value;
}

export function resolveTimings(spec: LiveBattleSpec): LiveTimings {
  const tickRate = positive('tickRate', spec.tickRate, DEFAULT_TIMINGS.tickRate);
  if (tickRate <= 0) throw new RangeError('tickRate must be > 0');
  return {
    tickRate,
    periodMs: 1000 / tickRate,
    deadlineMs: positive('intentDeadlineMs', spec.intentDeadlineMs, DEFAULT_TIMINGS.deadlineMs),
    maxLatencyAllowanceMs: DEFAULT_TIMINGS.maxLatencyAllowanceMs,
    timeBankMs: positive('timeBankMs', spec.timeBankMs, DEFAULT_TIMINGS.timeBankMs),
    idleAfterMs: positive('idleAfterMs', spec.idleAfterMs, DEFAULT_TIMINGS.idleAfterMs),
    forfeitAfterMs: positive('forfeitAfterMs', spec.forfeitAfterMs, DEFAULT_TIMINGS.forfeitAfterMs),
    readyWithinMs: positive('readyWithinMs', spec.readyWithinMs, DEFAULT_TIMINGS.readyWithinMs),
  };
}

/** The deadline of one tick for an agent: base + half its RTT, the allowance capped. */
export function intentDeadline(timings: LiveTimings, rttMs: number | null): number {
  const allowance = rttMs === null ? 0 : Math.min(timings.maxLatencyAllowanceMs, rttMs / 2);
  return timings.deadlineMs + allowance;
}
