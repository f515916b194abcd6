/**
 * The demo's HTTP client: it talks to the gateway exactly like a user's browser or script would.
 * A 429 (the gateway's rate limit) or a 503 (a service still warming up) is waited out and retried.
 * Ctrl-C stops it before its next request or during a wait, never mid-request: a request cut off
 * half-way holds up the gateway's shutdown.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class DemoApiError extends Error {
  override name = 'DemoApiError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${describe(body)}`);
  }
}

function describe(body: unknown): string {
  if (body && typeof body === 'object' && 'title' in body) {
    const p = body as { title: unknown; detail?: unknown };
    return p.detail ? `${String(p.title)} — ${String(p.detail)}` : String(p.title);
  }
  return typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body);
}

export interface Answer<T> {
  status: number;
  body: T;
}

const RETRIES = 8;

export class DemoApi {
  constructor(
    readonly baseUrl: string,
    private readonly signal?: AbortSignal,
  ) {}

  /** Any answer, 429/503 retried; the caller decides what a status means. */
  async send<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<Answer<T>> {
    for (let attempt = 0; ; attempt++) {
      this.signal?.throwIfAborted();
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      const parsed: unknown =
        (res.headers.get('content-type') ?? '').includes('json') && text !== '' ? JSON.parse(text) : text;
      if ((res.status === 429 || res.status === 503) && attempt < RETRIES) {
        const retryAfter = Number(res.headers.get('retry-after'));
        const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** attempt;
        await sleep(Math.min(waitMs, 5_000), undefined, this.signal ? { signal: this.signal } : {});
        continue;
      }
      return { status: res.status, body: parsed as T };
    }
  }

  /** The answer's body when its status is one of `expected`, else a DemoApiError. */
  async call<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; expected?: number[] } = {},
  ): Promise<T> {
    const answer = await this.send<T>(method, path, options.body, options.token);
    if (!(options.expected ?? [200, 201, 204]).includes(answer.status))
      throw new DemoApiError(method, path, answer.status, answer.body);
    return answer.body;
  }

  get<T = unknown>(path: string, token: string): Promise<T> {
    return this.call<T>('GET', path, { token });
  }

  post<T = unknown>(path: string, body: unknown, token?: string): Promise<T> {
    return this.call<T>('POST', path, { body, ...(token ? { token } : {}) });
  }
}

/**
 * Calls `probe` until it returns a value, every `intervalMs`, for at most `timeoutMs`; undefined when time
 * runs out. Used to wait for eventually consistent things (a tournament finishing, a projection catching up).
 */
export async function poll<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 1_000, signal }: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(intervalMs, undefined, signal ? { signal } : {});
  }
}
