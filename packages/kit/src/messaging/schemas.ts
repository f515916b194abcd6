// The kit's single door to the event schema registry in contracts/.
export {
  EventRegistry,
  EventSchemaError,
  eventRegistry,
  type EventEnvelope,
  type ValidationResult,
} from '@garrison/contracts';
