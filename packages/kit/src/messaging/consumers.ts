// Declaring what a service consumes. These only describe; createMessaging wires them to the transport.
import type {
  AnyTransaction,
  BatchOptions,
  CommandConsumer,
  CommandEnvelope,
  EventConsumer,
  EventEnvelope,
  RetryPolicy,
} from './types.js';

interface OnEventBase<Data> extends BatchOptions<EventEnvelope<Data>> {
  producer: string;
  type: string;
  /** Versions this handler understands; other versions of the type are acknowledged and ignored. */
  versions: number[];
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
}

/** One event at a time: the kit calls `handle` once per message of a batch, in order. */
interface OnEventOne<Data, Tx extends AnyTransaction> {
  handle(event: EventEnvelope<Data>, tx: Tx): Promise<void>;
  handleBatch?: never;
}

/**
 * All fresh events of a batch at once (duplicates already removed by the inbox), in delivery order,
 * so the handler can do set-wise work: one multi-row insert instead of one per event. When the
 * batch fails, the kit runs each message alone, so `handleBatch` is then called with one event.
 * The kit does not know which event causes what the handler publishes: pass `causedBy(event)` as
 * the meta of each published event to keep the correlation chain.
 */
interface OnEventBatch<Data, Tx extends AnyTransaction> {
  handleBatch(events: EventEnvelope<Data>[], tx: Tx): Promise<void>;
  handle?: never;
}

export type OnEventOptions<Data, Tx extends AnyTransaction> = OnEventBase<Data> &
  (OnEventOne<Data, Tx> | OnEventBatch<Data, Tx>);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onEvent<Data = any, Tx extends AnyTransaction = AnyTransaction>(
  options: OnEventOptions<Data, Tx>,
): EventConsumer {
  if (options.versions.length === 0) throw new Error(`onEvent ${options.type}: versions must not be empty`);
  const handleBatch = options.handleBatch as EventConsumer['handleBatch'];
  if (options.handle && handleBatch)
    throw new Error(`onEvent ${options.type}: give handle or handleBatch, not both`);
  const handle = (options.handle ?? ((event, tx) => handleBatch!([event], tx))) as EventConsumer['handle'];
  return {
    kind: 'event',
    ...options,
    handle,
    handleBatch,
    partitionKey: options.partitionKey as EventConsumer['partitionKey'],
  };
}

export interface OnCommandOptions<Data, Tx extends AnyTransaction> extends BatchOptions<
  CommandEnvelope<Data>
> {
  /** `<owning service>.<name>`, e.g. `battles.run`. */
  queue: string;
  /** Commands handled at once by this process (default 1). */
  concurrency?: number;
  handle(command: CommandEnvelope<Data>, tx: Tx): Promise<void>;
  retry?: Partial<RetryPolicy>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onCommand<Data = any, Tx extends AnyTransaction = AnyTransaction>(
  options: OnCommandOptions<Data, Tx>,
): CommandConsumer {
  return {
    kind: 'command',
    ...options,
    concurrency: options.concurrency ?? 1,
    handle: options.handle as CommandConsumer['handle'],
    partitionKey: options.partitionKey as CommandConsumer['partitionKey'],
  };
}
