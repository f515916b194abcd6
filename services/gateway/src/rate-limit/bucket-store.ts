import {
  idleMsUntilFull,
  takeToken,
  type BucketLimits,
  type BucketState,
  type TakeResult,
} from './token-bucket.js';

/** Where buckets live: one process (memory) or shared by every gateway instance (Redis). */
export interface BucketStore {
  take(key: string, limits: BucketLimits): Promise<TakeResult>;
  close(): Promise<void>;
}

/** Buckets in this process; full buckets are forgotten so memory follows active clients only. */
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, { state: BucketState; limits: BucketLimits }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  async take(key: string, limits: BucketLimits): Promise<TakeResult> {
    const { state, result } = takeToken(this.buckets.get(key)?.state, limits, this.now());
    this.buckets.set(key, { state, limits });
    return result;
  }

  /** Number of tracked clients (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  sweep(): void {
    const now = this.now();
    for (const [key, { state, limits }] of this.buckets) {
      if (now - state.updatedAt >= idleMsUntilFull(state, limits)) this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.buckets.clear();
  }
}
