// The embedded transport: pg-boss queues in the `bus` PostgreSQL database.
// Events: one pg-boss queue per consumer service and producer (`<prefix><consumer>.<producer>.events`),
// subscribed to the pg-boss event `<prefix><producer>.<type>`; publishing inserts one job into every
// subscribed queue in a single statement. Commands: one queue, competing workers.
import type { Logger } from 'pino';
import type { BusDatabase } from './bus-database.js';
import { uuidv7 } from './envelope.js';
import { PgBossWorker, type JobData, type JobInsert } from './pgboss-worker.js';
import type {
  ConsumerLag,
  DeliveryHandler,
  OutgoingMessage,
  Publication,
  Subscription,
  Transport,
} from './transport.js';

export class PgBossTransport implements Transport {
  readonly name = 'pgboss' as const;
  private readonly workers: PgBossWorker[] = [];
  /** pg-boss queue → logical queue, of every queue this process consumes. */
  private readonly consumed = new Map<string, string>();
  private readonly ephemeral: Array<{ queue: string; events: string[] }> = [];

  constructor(
    private readonly busDb: BusDatabase,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.busDb.start();
  }

  eventName(producer: string, type: string): string {
    return `${this.prefix}${producer}.${type}`;
  }

  async publish(publications: Publication[]): Promise<void> {
    if (publications.length === 0) return;
    const eventNames = [
      ...new Set(
        publications.flatMap((p) =>
          p.to.kind === 'event' ? [this.eventName(p.to.producer, p.to.type)] : [],
        ),
      ),
    ];
    const subscribers = await this.subscribersOf(eventNames);
    // Job ids are time-ordered so that pg-boss (which fetches by created_on, id) keeps the outbox order.
    const baseMs = Date.now();
    const jobs: JobInsert[] = [];
    for (const { to, message } of publications) {
      const queues =
        to.kind === 'event'
          ? (subscribers.get(this.eventName(to.producer, to.type)) ?? [])
          : [this.prefix + to.queue];
      if (to.kind === 'queue') await this.busDb.ensureQueue(this.prefix + to.queue);
      for (const name of queues) {
        jobs.push({ id: uuidv7(baseMs + jobs.length), name, data: toJobData(message, 1) });
      }
    }
    if (jobs.length === 0) return;
    const boss = await this.busDb.start();
    // One INSERT for the whole batch: either every subscriber has it or none does.
    await boss.insert(jobs);
  }

  private async subscribersOf(eventNames: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (eventNames.length === 0) return result;
    const rows = await this.busDb.sql<{ event: string; name: string }>(
      `SELECT event, name FROM ${this.busDb.schema}.subscription WHERE event = ANY($1) ORDER BY name`,
      [eventNames],
    );
    for (const row of rows) {
      result.set(row.event, [...(result.get(row.event) ?? []), row.name]);
    }
    return result;
  }

  async subscribe(subscription: Subscription, handler: DeliveryHandler): Promise<void> {
    const queue = this.prefix + subscription.queue;
    await this.busDb.ensureQueue(queue);
    const boss = await this.busDb.start();
    const events: string[] = [];
    for (const source of subscription.sources) {
      if (source.types === 'all') {
        throw new Error('the pgboss transport subscribes to named event types only');
      }
      for (const type of source.types) {
        const event = this.eventName(source.producer, type);
        await boss.subscribe(event, queue);
        events.push(event);
      }
    }
    if (subscription.ephemeral) this.ephemeral.push({ queue, events });
    const worker = new PgBossWorker(
      this.busDb,
      queue,
      subscription.queue,
      handler,
      this.log,
      subscription.prefetch,
    );
    this.workers.push(worker);
    if (!subscription.ephemeral) this.consumed.set(queue, subscription.queue);
    worker.start();
  }

  async ready(): Promise<boolean> {
    return this.busDb.ready();
  }

  async lag(): Promise<ConsumerLag[]> {
    const lags = await this.busDb.lag([...this.consumed.keys()]);
    return lags.map(({ queue, messages, oldestAgeSeconds }) => ({
      queue: this.consumed.get(queue) ?? queue,
      messages,
      oldestAgeSeconds,
    }));
  }

  async stopConsuming(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    this.workers.length = 0;
  }

  async close(): Promise<void> {
    await this.stopConsuming();
    for (const { queue, events } of this.ephemeral.splice(0)) {
      try {
        const boss = await this.busDb.start();
        for (const event of events) await boss.unsubscribe(event, queue);
        await boss.deleteQueue(queue);
        this.busDb.forgetQueue(queue);
      } catch (err) {
        this.log.warn({ err, queue }, 'could not remove a temporary queue');
      }
    }
  }
}

function toJobData(message: OutgoingMessage, attempt: number): JobData {
  return { body: message.envelope, headers: message.headers, attempt };
}
