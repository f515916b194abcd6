import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';

export interface CircuitBreakerOptions {
  /** Consecutive failures (UNAVAILABLE / DEADLINE_EXCEEDED) that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long an open circuit fails fast before one trial call is let through (default 5000 ms). */
  cooldownMs?: number;
}

const BREAKING = new Set([Code.Unavailable, Code.DeadlineExceeded]);

/**
 * Per-instance circuit breaker: after repeated transport-level failures, calls to that instance
 * fail fast (UNAVAILABLE) for a cooldown instead of each waiting for its deadline; then one trial
 * call decides whether it closes again. Application errors (NOT_FOUND, INVALID_ARGUMENT…) do not count.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly cooldownMs: number;

  constructor(
    readonly target: string,
    opts: CircuitBreakerOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.threshold = opts.failureThreshold ?? 5;
    this.cooldownMs = opts.cooldownMs ?? 5000;
  }

  /** Whether a call may go to this instance now. */
  get available(): boolean {
    return (
      this.openedAt === undefined || (this.now() - this.openedAt >= this.cooldownMs && !this.trialInFlight)
    );
  }

  interceptor(): Interceptor {
    return (next) => async (req) => {
      if (this.openedAt !== undefined) {
        if (!this.available) {
          throw new ConnectError(
            `circuit open for ${this.target} after ${this.failures} failures`,
            Code.Unavailable,
          );
        }
        this.trialInFlight = true;
      }
      try {
        const res = await next(req);
        this.failures = 0;
        this.openedAt = undefined;
        return res;
      } catch (err) {
        if (BREAKING.has(ConnectError.from(err).code)) {
          this.failures++;
          if (this.openedAt !== undefined || this.failures >= this.threshold) this.openedAt = this.now();
        } else {
          this.failures = 0;
          this.openedAt = undefined;
        }
        throw err;
      } finally {
        this.trialInFlight = false;
      }
    };
  }
}
