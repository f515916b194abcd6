// The published language of Garrison: event schemas (events/), protobuf services (proto/ → src/gen/),
// WebSocket messages (ws/), and upcasters that lift old event versions to the current one.
// Generated protobuf code is imported from '@garrison/contracts/gen/<path>'.
export * from './upcasters/task-created.js';
export * from './events.js';
