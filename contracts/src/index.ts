// The published language of Garrison: event schemas (events/), protobuf services (proto/ → src/gen/),
// WebSocket messages (ws/). Generated protobuf code is imported from '@garrison/contracts/gen/<path>'.
export {};
