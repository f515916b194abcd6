// A polling loop over one pg-boss queue that hands jobs to the kit and settles each by the kit's
// decision: done, retry later (a new job with startAfter), or dead (completed with the reason).
// The kit's own loop instead of pg-boss `work()`: it awaits every completion, so a dropped bus
// connection cannot surface as an unhandled rejection, and stop() waits for the handlers in flight.
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

interface Settled {
  id: string;
  data: JobData;
  disposition: Disposition;
}

/**
 * One polling loop per queue: it keeps up to `fetchSize` jobs in the handler's hands, fetching as
 * many as there is room for in one query, and completes finished jobs in bulk. One loop hands jobs
 * out in queue order (the kit's lanes keep that order per key). It asks again at once while there
 * is work and sleeps the poll interval only after an empty fetch.
 */
export class PgBossWorker {
  private stopping = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private wakeRequested = false;
  private inFlight = 0;
  private readonly handling = new Set<Promise<void>>();
  private finished: Settled[] = [];
  private flushScheduled = false;
  private settling: Promise<void> = Promise.resolve();

  constructor(
    private readonly busDb: BusDatabase,
    private readonly queue: string,
    private readonly logicalQueue: string,
    private readonly handler: DeliveryHandler,
    private readonly log: Logger,
    private readonly fetchSize = 1,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** Takes no new jobs, then waits for the handlers in flight and their completions. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const room = this.fetchSize - this.inFlight;
      let fetched = 0;
      if (room > 0) {
        try {
          fetched = await this.fetchAndHandOut(room);
        } catch (err) {
          this.log.warn({ err, queue: this.queue }, 'pg-boss worker error; retrying');
        }
      }
      // Full: sleep until jobs settle. Empty queue: poll again later.
      if (fetched === 0 && !this.stopping) await this.idle(this.busDb.pollIntervalMs);
    }
    await Promise.allSettled([...this.handling]);
    await this.settling;
  }

  private idle(ms: number): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private wakeUp(): void {
    if (this.wake) this.wake();
    else this.wakeRequested = true;
  }

  private async fetchAndHandOut(room: number): Promise<number> {
    await this.busDb.start();
    // Stamped with this process's instance id: if it dies, a peer hands these back at once (ADR 180).
    const jobs = await this.busDb.fetch<JobData>(this.queue, room);
    this.inFlight += jobs.length;
    for (const job of jobs) {
      const work = this.handler(toDelivery(job.data, this.logicalQueue)).then(
        (disposition) => this.finish({ id: job.id, data: job.data, disposition }),
        (err) => {
          // Left active, the job comes back when this instance dies or it expires; the inbox makes that harmless.
          this.log.warn({ err, queue: this.queue }, 'pg-boss delivery not settled');
          this.release(1);
        },
      );
      this.handling.add(work);
      void work.finally(() => this.handling.delete(work));
    }
    return jobs.length;
  }

  /** Finished jobs of the same event-loop turn (a committed batch) are settled together. */
  private finish(job: Settled): void {
    this.finished.push(job);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.settling = this.settling
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        this.flushScheduled = false;
        const jobs = this.finished.splice(0);
        try {
          await this.settle(jobs);
        } catch (err) {
          // The jobs expire and come back; the inbox makes that harmless.
          this.log.warn({ err, queue: this.queue }, 'could not settle pg-boss jobs');
        } finally {
          this.release(jobs.length);
        }
      });
  }

  private release(count: number): void {
    this.inFlight -= count;
    this.wakeUp();
  }

  /** Retry copies first, then one completion for all acked jobs; dead ones (rare) carry their reason. */
  private async settle(jobs: Settled[]): Promise<void> {
    const boss = await this.busDb.start();
    const retries: JobInsert[] = [];
    const done: string[] = [];
    const dead: Array<{ id: string; reason: string }> = [];
    for (const { id, data, disposition } of jobs) {
      if (disposition.action === 'dead') {
        dead.push({ id, reason: disposition.reason });
        continue;
      }
      if (disposition.action === 'retry') {
        retries.push({
          id: uuidv7(),
          name: this.queue,
          data: { ...data, attempt: disposition.attempt },
          startAfter: new Date(Date.now() + disposition.delayMs).toISOString(),
        });
      }
      done.push(id);
    }
    if (retries.length > 0) await withRetries(() => boss.insert(retries));
    if (done.length > 0) await withRetries(() => boss.complete(this.queue, done));
    for (const { id, reason } of dead) {
      await withRetries(() => boss.complete(this.queue, id, { deadLetter: reason }));
    }
  }
}

function toDelivery(data: JobData | undefined, logicalQueue: string): Delivery {
  return {
    body: data?.body,
    headers: data?.headers ?? {},
    attempt: data?.attempt ?? 1,
    queue: logicalQueue,
  };
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
