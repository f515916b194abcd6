import { loadavg } from 'node:os';

/** The q-quantile (0–1) of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const round1 = (v: number) => Math.round(v * 10) / 10;
export const round2 = (v: number) => Math.round(v * 100) / 100;

/** The 1-minute load average now: how busy the shared machine was around a measure. */
export const load1 = () => round2(loadavg()[0] ?? 0);

/** CPU time (user + system, every thread of this process) since `start`, in ms. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** A wall-clock instant in ms with sub-ms precision, comparable between processes of one machine. */
export const wallNow = () => performance.timeOrigin + performance.now();
