// The one interface both brokers (pg-boss on PostgreSQL, RabbitMQ over AMQP) implement.
// The kit above it owns envelopes, validation, inbox, retry decisions and dead letters; a transport
// only moves bytes durably, fans events out, and delays a retry.
import type { EventEnvelope } from './types.js';

export interface OutgoingMessage {
  envelope: EventEnvelope;
  /** Trace context (W3C traceparent/tracestate) and other string headers. */
  headers: Record<string, string>;
}

export type Destination =
  /** Fan out to every queue subscribed to this producer's type. */
  | { kind: 'event'; producer: string; type: string }
  /** Straight into one logical queue (commands, and replays into one consumer's queue). */
  | { kind: 'queue'; queue: string };

export interface Publication {
  to: Destination;
  message: OutgoingMessage;
}

export interface Subscription {
  /** Logical queue name (the transport adds the bus prefix): `<consumer>.<producer>.events` or `<service>.<queue>`. */
  queue: string;
  /** Events to route into the queue; empty for a command queue. `'all'` binds every type of the producer. */
  sources: Array<{ producer: string; types: string[] | 'all' }>;
  /** Deliveries the transport hands out at once (pg-boss fetches them in one go; amqp prefetch). */
  prefetch: number;
  /** Every nominal retry delay the consumers of this queue may ask for; the amqp transport declares one delay queue each. */
  retryDelaysMs: number[];
  /** A throw-away queue (event probes): removed when the subscriber stops. */
  ephemeral?: boolean;
}

export interface Delivery {
  /** The parsed message body, or undefined when it could not be parsed (see bodyError). */
  body: unknown;
  bodyError?: string;
  /** The raw body text when it could not be parsed, for the dead-letter record. */
  rawBody?: string;
  headers: Record<string, string>;
  /** 1 for the first delivery; a retry the kit scheduled carries the next number. */
  attempt: number;
  /** Logical queue name. */
  queue: string;
}

export type Disposition =
  | { action: 'ack' }
  /** Deliver again after delayMs (≤ nominalDelayMs, one of the subscription's retryDelaysMs) as attempt `attempt`. */
  | { action: 'retry'; attempt: number; nominalDelayMs: number; delayMs: number }
  /** The kit already stored the dead letter; the transport removes the message (amqp also copies it to `<queue>.dlq`). */
  | { action: 'dead'; reason: string };

export type DeliveryHandler = (delivery: Delivery) => Promise<Disposition>;

/** How far behind one consumer queue is (SPEC 5.5): `bus_consumer_lag_messages` and the APIs' pendingEvents. */
export interface ConsumerLag {
  /** Logical queue name. */
  queue: string;
  /** Messages not yet handled: waiting, waiting for a retry, or in a handler's hands. */
  messages: number;
  /** Age of the oldest of them, where the broker can tell cheaply (pg-boss). */
  oldestAgeSeconds?: number;
}

export interface Transport {
  readonly name: 'pgboss' | 'amqp';
  start(): Promise<void>;
  /** Resolves once the broker durably holds every message (publisher confirms / committed insert), in order. */
  publish(publications: Publication[]): Promise<void>;
  subscribe(subscription: Subscription, handler: DeliveryHandler): Promise<void>;
  ready(): Promise<boolean>;
  /** Lag of every queue this process consumes. */
  lag(): Promise<ConsumerLag[]>;
  /** Stops taking new messages and waits for handlers in flight. */
  stopConsuming(): Promise<void>;
  close(): Promise<void>;
}

/** Logical (unprefixed) queue of a consumer service for one producer's events. */
export function eventQueueName(consumer: string, producer: string): string {
  return `${consumer}.${producer}.events`;
}

export function exchangeName(prefix: string, producer: string): string {
  return `${prefix}${producer}.events`;
}

export const ATTEMPT_HEADER = 'x-garrison-attempt';
export const REASON_HEADER = 'x-garrison-dead-letter-reason';
