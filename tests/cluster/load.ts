/**
 * A steady, bounded client load through the cluster's public port, behaving as a careful client does:
 * a GET that loses its connection is repeated; a 503 with Retry-After is repeated after that many
 * seconds; anything else is recorded as it came. Every outcome is kept for the final checks.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface Outcome {
  at: number;
  method: string;
  path: string;
  /** Final status, or 0 when the connection failed. */
  status: number;
  /** Answers with 503 + Retry-After that were repeated before the final one. */
  retriedAfter503: number;
  error?: string;
  /** The problem's detail and request id, for an answer of 500 or more. */
  problem?: string;
}

export class LoadClient {
  readonly outcomes: Outcome[] = [];

  constructor(readonly baseUrl: string) {}

  async call(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: unknown }> {
    let retriedAfter503 = 0;
    for (let attempt = 0; ; attempt++) {
      const at = Date.now();
      try {
        const res = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: {
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        const retryAfter = res.headers.get('retry-after');
        if (res.status === 503 && retryAfter !== null && attempt < 8) {
          retriedAfter503++;
          await sleep(Number(retryAfter) * 1000);
          continue;
        }
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        this.outcomes.push({
          at,
          method,
          path,
          status: res.status,
          retriedAfter503,
          ...(res.status >= 500 ? { problem: text.slice(0, 300) } : {}),
        });
        return { status: res.status, body };
      } catch (err) {
        if (method === 'GET' && attempt < 3) continue;
        const error = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
        this.outcomes.push({ at, method, path, status: 0, retriedAfter503, error });
        return { status: 0, body: error };
      }
    }
  }
}

/** Runs `step` over and over, `pauseMs` apart, until stopped; a step's own failure is recorded by it. */
export function loop(step: () => Promise<void>, pauseMs: number): { stop(): Promise<void> } {
  let running = true;
  const done = (async () => {
    while (running) {
      await step().catch(() => {});
      await sleep(pauseMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}
