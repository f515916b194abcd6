import { loadavg } from 'node:os';
import { BUILTIN_BOTS } from '@garrison/game';
import { recordObservations } from '../calls.js';
import { compareBoundaries, type BoundaryComparison } from './boundary.js';

/** The issue-17 target: the boundary (sitting-duck) at ≥ 1.6× the previous boundary's calls/s. */
export const TARGET_BOUNDARY_SPEEDUP = 1.6;

export interface BoundaryResults {
  observations: number;
  loadAverage: { before: number; after: number };
  comparisons: BoundaryComparison[];
  target: { speedup: number; measuredWith: string; speedupCpu: number; met: boolean };
}

/** Every reference bot through the previous and the current boundary, side by side (interleaved). */
export async function measureBoundaries(
  minMs: number,
  bots: readonly string[] = BUILTIN_BOTS,
): Promise<BoundaryResults> {
  const observations = recordObservations();
  const before = loadavg()[0] ?? 0;
  const comparisons: BoundaryComparison[] = [];
  for (const bot of bots) comparisons.push(await compareBoundaries(bot, observations, minMs));
  const boundary = comparisons[0]!;
  return {
    observations: observations.length,
    loadAverage: { before, after: loadavg()[0] ?? 0 },
    comparisons,
    target: {
      speedup: TARGET_BOUNDARY_SPEEDUP,
      measuredWith: boundary.bot,
      speedupCpu: boundary.speedupCpu,
      met: boundary.speedupCpu >= TARGET_BOUNDARY_SPEEDUP,
    },
  };
}

/** Table rows: label, wall clock previous → current, CPU time previous → current (speedups). */
export function boundaryRows(results: BoundaryResults): Array<[string, string, string]> {
  const n = (value: number, digits = 0): string =>
    value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return results.comparisons.map((c) => [
    `boundary previous → current, calls/s (${c.bot}; µs CPU/call ${n(c.previous.microsecondsPerCall, 1)} → ${n(c.current.microsecondsPerCall, 1)})`,
    `${n(c.previous.callsPerSecond)} → ${n(c.current.callsPerSecond)} (${n(c.speedupWall, 2)}×)`,
    `${n(c.previous.callsPerCpuSecond)} → ${n(c.current.callsPerCpuSecond)} (${n(c.speedupCpu, 2)}×)`,
  ]);
}
