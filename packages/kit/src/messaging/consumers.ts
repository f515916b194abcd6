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

export interface OnEventOptions<Data, Tx extends AnyTransaction> extends BatchOptions<EventEnvelope<Data>> {
  producer: string;
  type: string;
  /** Versions this handler understands; other versions of the type are acknowledged and ignored. */
  versions: number[];
  handle(event: EventEnvelope<Data>, tx: Tx): Promise<void>;
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onEvent<Data = any, Tx extends AnyTransaction = AnyTransaction>(
  options: OnEventOptions<Data, Tx>,
): EventConsumer {
  if (options.versions.length === 0) throw new Error(`onEvent ${options.type}: versions must not be empty`);
  return {
    kind: 'event',
    ...options,
    handle: options.handle as EventConsumer['handle'],
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
