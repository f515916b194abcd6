// One breaker per upstream service. Closed: calls flow and consecutive failures are counted.
// Open (after `failureThreshold` failures in a row): calls are refused at once for `cooldownMs`,
// sparing a struggling service and answering clients fast. Half-open: exactly one trial call is
// let through; its success closes the circuit, its failure opens it for another cool-down.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private opened = false;
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions) {
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    if (!this.opened) return 'closed';
    return this.now() - this.openedAt >= this.opts.cooldownMs ? 'half-open' : 'open';
  }

  /** Asks to make a call. False means: refuse it (the circuit is open or a trial call is running). */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** Milliseconds until a trial call will be allowed (0 when not open). */
  retryAfterMs(): number {
    return this.state === 'open' ? this.opts.cooldownMs - (this.now() - this.openedAt) : 0;
  }

  onSuccess(): void {
    this.failures = 0;
    this.opened = false;
    this.trialInFlight = false;
  }

  onFailure(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.opened || this.failures >= this.opts.failureThreshold) {
      this.opened = true;
      this.openedAt = this.now();
    }
  }
}
