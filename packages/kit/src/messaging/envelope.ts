// Building envelopes: ids, timestamps, and the correlation/causation chain.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pooledRandomBytes } from '../random-pool.js';
import type { EventEnvelope, PublishMeta } from './types.js';

/** UUID v7 (RFC 9562): time-ordered, so outbox and log readers see ids in creation order. */
export function uuidv7(now = Date.now()): string {
  const bytes = pooledRandomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The message whose handler is running: messages published from inside it inherit its correlation id
// and name it as their cause, without every handler passing them along by hand.
const handling = new AsyncLocalStorage<EventEnvelope>();

export function runHandlingMessage<T>(message: EventEnvelope, fn: () => Promise<T>): Promise<T> {
  return handling.run(message, fn);
}

/**
 * The meta that makes a new message a consequence of `message` (same correlation, `message` as the
 * cause). Inside `handle` that is the default; a batch handler passes it per event it publishes.
 */
export function causedBy(message: Pick<EventEnvelope, 'id' | 'correlationId'>): PublishMeta {
  return { correlationId: message.correlationId, causationId: message.id };
}

export function createEnvelope<Data>(input: {
  producer: string;
  type: string;
  version: number;
  data: Data;
  meta: PublishMeta | undefined;
}): EventEnvelope<Data> {
  const id = uuidv7();
  const cause = handling.getStore();
  return {
    id,
    type: input.type,
    version: input.version,
    occurredAt: new Date().toISOString(),
    producer: input.producer,
    correlationId: input.meta?.correlationId ?? cause?.correlationId ?? id,
    causationId: input.meta?.causationId !== undefined ? input.meta.causationId : (cause?.id ?? null),
    data: input.data,
  };
}
