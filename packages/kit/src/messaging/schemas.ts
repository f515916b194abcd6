// The kit's single door to the event schema registry in contracts/.
// TODO(lead): once contracts/src/index.ts re-exports './events.js', import from '@garrison/contracts' instead.
export {
  EventRegistry,
  EventSchemaError,
  eventRegistry,
  type EventEnvelope,
  type ValidationResult,
} from '../../../../contracts/src/events.js';
