/**
 * Wall time and this process's CPU time (user + system) of some work. On a busy machine the wall
 * time also counts waiting for a core; the CPU time is what the work itself cost on one core.
 */
export interface Elapsed {
  ms: number;
  cpuMs: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Runs `once` repeatedly for at least `minMs` (after one warm-up run). */
export async function repeatFor(minMs: number, once: () => unknown): Promise<Elapsed & { runs: number }> {
  await once();
  let runs = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  let elapsed: number;
  do {
    await once();
    runs++;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return { runs, ms: elapsed, cpuMs: cpuMsSince(cpu) };
}

export async function timed<T>(work: () => T | Promise<T>): Promise<Elapsed & { value: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  return { value, ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}
