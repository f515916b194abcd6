// Cron and one-off jobs on pg-boss in the bus database, run exactly once across every instance of a
// service: pg-boss' timekeeper creates at most one job per cron tick (a 60 s singleton slot), and one
// worker takes it with FOR UPDATE SKIP LOCKED.
import type { Logger } from 'pino';
import type { BusDatabase } from '../messaging/bus-database.js';
import { PgBossWorker } from '../messaging/pgboss-worker.js';
import { uuidv7 } from '../messaging/envelope.js';
import { jitteredDelayMs, nominalDelayMs, resolveRetryPolicy } from '../messaging/retry-policy.js';
import type { Delivery, Disposition } from '../messaging/transport.js';
import type { RetryPolicy } from '../messaging/types.js';

export interface JobRun<Data = unknown> {
  name: string;
  /** `{}` for a cron tick; what `runAt` was given for a one-off. */
  data: Data;
  /** 1 for the first try of this tick/one-off. */
  attempt: number;
}

export interface JobSpec {
  /** Lower-case, `[a-z][a-z0-9-]*`; unique within the service. */
  name: string;
  /** 5-field cron (minute granularity), e.g. `59 23 * * *`. Without it the job only runs via runAt. */
  cron?: string;
  /** IANA time zone of the cron expression (default UTC). */
  tz?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run(job: JobRun<any>): Promise<void>;
  /** A failed run is retried (default 3 attempts, 1 s·2^n); then it is logged and given up. */
  retry?: Partial<RetryPolicy>;
}

export interface RunAtOptions {
  /** A UUID that makes scheduling idempotent: a second runAt with the same id is ignored. */
  id?: string;
}

export interface Scheduler {
  /** Runs the job named `name` once at `date` (or as soon as possible after it), on exactly one instance. */
  runAt(name: string, date: Date, data?: Record<string, unknown>, options?: RunAtOptions): Promise<void>;
}

export class SchedulerConfigError extends Error {
  override name = 'SchedulerConfigError';
}

const JOB_NAME = /^[a-z][a-z0-9-]*$/;
const defaultJobRetry: Partial<RetryPolicy> = { attempts: 3, baseDelayMs: 1_000 };

export class PgBossScheduler implements Scheduler {
  private readonly jobs = new Map<string, JobSpec>();
  private readonly workers: PgBossWorker[] = [];
  private started = false;

  constructor(
    private readonly service: string,
    private readonly prefix: string,
    private readonly busDb: BusDatabase | undefined,
    private readonly log: Logger,
  ) {}

  get hasJobs(): boolean {
    return this.jobs.size > 0;
  }

  /** Validates the job list; call before the bus database starts so cron scheduling can be switched on. */
  prepare(jobs: JobSpec[]): void {
    if (jobs.length === 0) return;
    if (!this.busDb) {
      throw new SchedulerConfigError(
        `service "${this.service}" declares jobs (${jobs.map((j) => j.name).join(', ')}) but no bus database is ` +
          'configured: set BUS_DATABASE_URL (the scheduler runs on pg-boss even when GARRISON_BUS is amqp)',
      );
    }
    for (const job of jobs) {
      if (!JOB_NAME.test(job.name))
        throw new SchedulerConfigError(`job name "${job.name}" must match ${JOB_NAME}`);
      if (this.jobs.has(job.name)) throw new SchedulerConfigError(`job "${job.name}" is declared twice`);
      resolveRetryPolicy(defaultJobRetry, job.retry);
      this.jobs.set(job.name, job);
    }
    if ([...this.jobs.values()].some((j) => j.cron)) this.busDb.enableScheduling();
  }

  async start(): Promise<void> {
    const busDb = this.busDb;
    if (!busDb || this.jobs.size === 0) return;
    const boss = await busDb.start();
    for (const job of this.jobs.values()) {
      const queue = this.queueOf(job.name);
      await busDb.ensureQueue(queue);
      if (job.cron) {
        await boss.schedule(queue, job.cron, {}, { tz: job.tz ?? 'UTC' });
      } else {
        await boss.unschedule(queue);
      }
      const worker = new PgBossWorker(busDb, queue, queue, (d) => this.runJob(job, d), this.log);
      this.workers.push(worker);
      worker.start();
    }
    this.started = true;
  }

  async runAt(
    name: string,
    date: Date,
    data: Record<string, unknown> = {},
    options: RunAtOptions = {},
  ): Promise<void> {
    if (!this.busDb) {
      throw new SchedulerConfigError('runAt needs a bus database: set BUS_DATABASE_URL');
    }
    if (!this.started)
      throw new SchedulerConfigError('the scheduler is not started yet (call runAt after start)');
    if (!this.jobs.has(name)) {
      throw new SchedulerConfigError(`runAt("${name}"): no such job in service "${this.service}"`);
    }
    const boss = await this.busDb.start();
    await boss.insert([
      {
        id: options.id ?? uuidv7(),
        name: this.queueOf(name),
        data: { body: data, headers: {}, attempt: 1 },
        startAfter: date.toISOString(),
      },
    ]);
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.workers.splice(0).map((w) => w.stop()));
  }

  private queueOf(name: string): string {
    return `${this.prefix}${this.service}.jobs.${name}`;
  }

  private async runJob(job: JobSpec, delivery: Delivery): Promise<Disposition> {
    const policy = resolveRetryPolicy(defaultJobRetry, job.retry);
    const data = delivery.body ?? {};
    try {
      await job.run({ name: job.name, data, attempt: delivery.attempt });
      return { action: 'ack' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (delivery.attempt < policy.attempts) {
        this.log.warn({ err, job: job.name, attempt: delivery.attempt }, 'job failed; will retry');
        return {
          action: 'retry',
          attempt: delivery.attempt + 1,
          nominalDelayMs: nominalDelayMs(policy, delivery.attempt),
          delayMs: jitteredDelayMs(policy, delivery.attempt),
        };
      }
      this.log.error({ err, job: job.name, attempt: delivery.attempt }, 'job failed; giving up');
      return { action: 'dead', reason };
    }
  }
}
