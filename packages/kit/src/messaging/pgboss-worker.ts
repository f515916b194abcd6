// A polling loop over one pg-boss queue that hands each job to the kit and settles it by the kit's
// decision: done, retry later (a new job with startAfter), or dead (completed with the reason).
// The kit's own loop instead of pg-boss `work()`: it awaits every completion, so a dropped bus
// connection cannot surface as an unhandled rejection, and stop() waits for the handler in flight.
import type { Logger } from 'pino';
import type { BusDatabase } from './bus-database.js';
import { uuidv7 } from './envelope.js';
import type { Delivery, DeliveryHandler, Disposition } from './transport.js';

export interface JobData {
  body?: unknown;
  headers?: Record<string, string>;
  attempt?: number;
}

export interface JobInsert {
  id: string;
  name: string;
  data: JobData;
  startAfter?: string;
}

/** One polling loop = one handler at a time; a subscription with concurrency N runs N loops. */
export class PgBossWorker {
  private stopping = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly busDb: BusDatabase,
    private readonly queue: string,
    private readonly logicalQueue: string,
    private readonly handler: DeliveryHandler,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let handledOne = false;
      try {
        handledOne = await this.handleNext();
      } catch (err) {
        this.log.warn({ err, queue: this.queue }, 'pg-boss worker error; retrying');
      }
      if (!handledOne && !this.stopping) await this.idle(this.busDb.pollIntervalMs);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async handleNext(): Promise<boolean> {
    const boss = await this.busDb.start();
    const [job] = await boss.fetch<JobData>(this.queue, { batchSize: 1 });
    if (!job) return false;
    const data = job.data;
    const delivery: Delivery = {
      body: data?.body,
      headers: data?.headers ?? {},
      attempt: data?.attempt ?? 1,
      queue: this.logicalQueue,
    };
    const disposition = await this.handler(delivery);
    await this.settle(job.id, data, disposition);
    return true;
  }

  private async settle(jobId: string, data: JobData, disposition: Disposition): Promise<void> {
    const boss = await this.busDb.start();
    if (disposition.action === 'retry') {
      const retry: JobInsert = {
        id: uuidv7(),
        name: this.queue,
        data: { ...data, attempt: disposition.attempt },
        startAfter: new Date(Date.now() + disposition.delayMs).toISOString(),
      };
      await withRetries(() => boss.insert([retry]));
    }
    const output = disposition.action === 'dead' ? { deadLetter: disposition.reason } : undefined;
    // If completing fails for good, the job expires and comes back; the inbox makes that harmless.
    await withRetries(() =>
      output ? boss.complete(this.queue, jobId, output) : boss.complete(this.queue, jobId),
    );
  }
}

/** A dropped bus connection fails one query; the pool opens a fresh one for the next try. */
async function withRetries<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
