/**
 * Bounds validations (ADR 141): at most `concurrency` run at once; one user has at most `perUser`
 * in flight (running or waiting) and runs at most `concurrency − 1` of them at once, so another
 * user's upload always finds a slot free of them; a validation that cannot start within `maxWaitMs`
 * is given up. The upload then answers within the gateway's timeout instead of queueing unseen.
 */
export class ValidationBusy extends Error {
  override readonly name = 'ValidationBusy';
  constructor(
    /** 'user': the caller's own uploads fill their bound (429); 'service': every slot is busy (503). */
    readonly scope: 'user' | 'service',
    readonly retryAfterSeconds: number,
  ) {
    super(scope === 'user' ? 'too many validations of yours in flight' : 'every validation slot is busy');
  }
}

/** The validation was stopped at its wall-clock bound (a busy host): nothing is stored, try again. */
export class ValidationUnfinished extends Error {
  override readonly name = 'ValidationUnfinished';
  constructor(readonly retryAfterSeconds: number) {
    super('the validation did not finish in time');
  }
}

export interface ValidationQueueOptions {
  concurrency: number;
  perUser: number;
  maxWaitMs: number;
  /** What Retry-After says: about one validation's longest run. */
  retryAfterSeconds: number;
}

interface Waiter {
  userId: string;
  start: () => void;
}

export class ValidationQueue {
  private readonly running = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly waiting: Waiter[] = [];
  private total = 0;

  constructor(private readonly opts: ValidationQueueOptions) {}

  get retryAfterSeconds(): number {
    return this.opts.retryAfterSeconds;
  }

  /** A user runs at most this many at once (one slot stays free of them when there are two or more). */
  get runningPerUser(): number {
    return Math.max(1, this.opts.concurrency - 1);
  }

  async run<T>(userId: string, work: () => Promise<T>): Promise<T> {
    if ((this.inFlight.get(userId) ?? 0) >= this.opts.perUser)
      throw new ValidationBusy('user', this.opts.retryAfterSeconds);
    bump(this.inFlight, userId, 1);
    try {
      await this.slotFor(userId);
      try {
        return await work();
      } finally {
        bump(this.running, userId, -1);
        this.total--;
        this.dispatch();
      }
    } finally {
      bump(this.inFlight, userId, -1);
    }
  }

  private mayStart(userId: string): boolean {
    return this.total < this.opts.concurrency && (this.running.get(userId) ?? 0) < this.runningPerUser;
  }

  private take(userId: string): void {
    bump(this.running, userId, 1);
    this.total++;
  }

  private slotFor(userId: string): Promise<void> {
    // Whoever waits cannot start now (dispatch runs whenever a slot frees), so no one is overtaken.
    if (this.mayStart(userId)) {
      this.take(userId);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        userId,
        start: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        // Waiting behind one's own validation is the caller's bound; behind everyone's, the service's.
        const own = (this.running.get(userId) ?? 0) > 0;
        reject(new ValidationBusy(own ? 'user' : 'service', this.opts.retryAfterSeconds));
      }, this.opts.maxWaitMs);
      this.waiting.push(waiter);
    });
  }

  /** The oldest waiter whose user may run one more goes next. */
  private dispatch(): void {
    for (let i = 0; i < this.waiting.length && this.total < this.opts.concurrency;) {
      const waiter = this.waiting[i]!;
      if (!this.mayStart(waiter.userId)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.take(waiter.userId);
      waiter.start();
    }
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}
