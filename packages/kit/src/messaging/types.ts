// The public shapes of the kit's messaging: what services publish, consume and inspect.
import type { Transaction } from 'kysely';
import type { EventEnvelope } from './schemas.js';
import type { ConsumerLag } from './transport.js';

export type { EventEnvelope };

/** A command travels in the same envelope as an event; `producer` is the sending service. */
export type CommandEnvelope<Data = unknown> = EventEnvelope<Data>;

/** Any Kysely transaction, whatever the service's database type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTransaction = Transaction<any>;

export interface EventToPublish<Data = unknown> {
  type: string;
  version: number;
  data: Data;
}

export interface CommandToSend<Data = unknown> {
  type: string;
  /** Schema version of the command; defaults to 1. */
  version?: number;
  data: Data;
}

export interface PublishMeta {
  /** Defaults to the event being handled (when publishing from a handler), else to the new message's id. */
  correlationId?: string;
  /** Defaults to the id of the event being handled (when publishing from a handler), else null. */
  causationId?: string | null;
}

export interface DeadLetter {
  id: string;
  consumer: string;
  queue: string;
  /** The message as it arrived; for a message that was not even JSON, the raw text. */
  envelope: unknown;
  reason: string;
  attempts: number;
  failedAt: Date;
}

export interface Bus {
  /** Validates the event against its schema and writes it to the outbox in the caller's transaction. */
  publish<Data>(
    tx: AnyTransaction,
    event: EventToPublish<Data>,
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>>;
  /**
   * Like `publish` for many events at once (one multi-row insert): for bulk changes. An event's own
   * `meta` (e.g. `causedBy(event)` in a batch handler) wins over the call's.
   */
  publishMany<Data>(
    tx: AnyTransaction,
    events: Array<EventToPublish<Data> & { meta?: PublishMeta }>,
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>[]>;
  /** Validates the command and writes it to the outbox for the point-to-point queue `<service>.<queue>`. */
  send<Data>(
    tx: AnyTransaction,
    queue: string,
    command: CommandToSend<Data>,
    meta?: PublishMeta,
  ): Promise<CommandEnvelope<Data>>;
  /** Dead letters of this service's consumers, newest first. */
  deadLetters(): Promise<DeadLetter[]>;
  /**
   * How far behind each of this service's consumer queues is (SPEC 5.5). A read model whose queues
   * are not empty is still catching up: its APIs say so (`pendingEvents`) instead of passing a
   * moving figure off as final.
   */
  consumerLag(): Promise<ConsumerLag[]>;
  /** Puts a dead letter back on its consumer's queue (attempts start again) and removes it from the list. */
  replayDeadLetter(id: string): Promise<void>;
}

export interface RetryPolicy {
  /** Total attempts including the first delivery. */
  attempts: number;
  /** Delay before retry n (1-based) is baseDelayMs·2^(n-1), capped at maxDelayMs, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface EventConsumer {
  kind: 'event';
  producer: string;
  type: string;
  versions: number[];
  // The handler's tx is typed by the service; the kit only passes it through.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(event: EventEnvelope<any>, tx: AnyTransaction): Promise<void>;
  /** Set when the service gave a batch handler (`handle` then calls it with one event). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handleBatch?(events: EventEnvelope<any>[], tx: AnyTransaction): Promise<void>;
  /** Handlers running at once for this consumer's queue in this process (default 1). */
  concurrency?: number;
  /** See {@link BatchOptions}. */
  batchSize?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  partitionKey?: (event: EventEnvelope<any>) => string;
  retry?: Partial<RetryPolicy>;
}

export interface CommandConsumer {
  kind: 'command';
  /** Logical queue `<owning service>.<name>`, e.g. `battles.run`. */
  queue: string;
  concurrency: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(command: CommandEnvelope<any>, tx: AnyTransaction): Promise<void>;
  batchSize?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  partitionKey?: (command: CommandEnvelope<any>) => string;
  retry?: Partial<RetryPolicy>;
}

/**
 * Throughput options of a consumer. A queue's messages are handled by `concurrency` lanes; each lane
 * takes up to `batchSize` waiting messages into ONE transaction (inbox rows and handler effects commit
 * together). If any handler of a batch fails, the whole batch rolls back and its messages are handled
 * again one by one, each in its own transaction, so a poison message gets its retries and dead letter
 * alone and the others still take effect exactly once.
 */
export interface BatchOptions<Envelope> {
  /** Messages handled in one transaction by a lane (default 1: a transaction per message). */
  batchSize?: number;
  /**
   * Messages with the same key always go to the same lane, so they never run at once. Give it when
   * handlers lock shared rows (e.g. an account): two batches locking the same rows in different order
   * would deadlock. Without it, a message goes to the least busy lane.
   */
  partitionKey?: (message: Envelope) => string;
}
