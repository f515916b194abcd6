/** Runs `once` repeatedly for at least `minMs` (after one warm-up run) and returns runs and time. */
export async function repeatFor(minMs: number, once: () => unknown): Promise<{ runs: number; ms: number }> {
  await once();
  let runs = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    await once();
    runs++;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return { runs, ms: elapsed };
}

export async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}
