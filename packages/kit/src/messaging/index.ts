// Public surface of the kit's messaging (re-exported by packages/kit/src/index.ts).
export {
  createMessaging,
  MessagingConfigError,
  type CreateMessagingInput,
  type Messaging,
  type MessagingConfig,
  type MessagingOptions,
  type MessagingParts,
} from './create-messaging.js';
export { onEvent, onCommand, type OnEventOptions, type OnCommandOptions } from './consumers.js';
export { causedBy } from './envelope.js';
export { createEventProbe, type EventProbe, type EventProbeInput } from './testing.js';
export { DeadLetterNotFoundError } from './dead-letters.js';
export { EventSchemaError } from './schemas.js';
export { defaultRetryPolicy } from './retry-policy.js';
export { pendingEventsOf } from './pending-events.js';
export type {
  ConsumerLag,
  Transport,
  Subscription,
  Delivery,
  Disposition,
  Publication,
} from './transport.js';
export type { PgBossOptions } from './bus-database.js';
export type { AmqpOptions } from './amqp-transport.js';
export type { RelayOptions } from './relay.js';
export type {
  AnyTransaction,
  BatchOptions,
  Bus,
  CommandConsumer,
  CommandEnvelope,
  CommandToSend,
  DeadLetter,
  EventConsumer,
  EventEnvelope,
  EventToPublish,
  PublishMeta,
  RetryPolicy,
} from './types.js';
export type { JobSpec, JobRun, Scheduler, RunAtOptions } from '../scheduler/index.js';
export { SchedulerConfigError } from '../scheduler/index.js';

/** The kit's own SQL migrations (kit_outbox, kit_inbox, kit_dead_letters), for the migration runner. */
export const messagingMigrationsDir = new URL('./migrations/', import.meta.url);
