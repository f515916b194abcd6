/** Polls `<httpUrl>/readyz` until it answers 200 (database and bus reachable, per the kit). */
export async function waitForReady(
  httpUrl: string,
  { timeoutMs, gaveUp }: { timeoutMs: number; gaveUp?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const reason = gaveUp?.();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs / 1000} s: ${last}`);
    try {
      const response = await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `/readyz answered ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
