export type * from './contract.js';
export { createAgentHub } from './hub/agent-hub.js';
export { BattleMoved } from './battle/live-battle.js';
export { CLOSE_CODES } from './hub/agent-connection.js';
export { DEFAULT_TIMINGS, intentDeadline, type LiveTimings } from './battle/timings.js';
export { withForfeitsLast } from './battle/results.js';
export * from './protocol/messages.js';
export {
  MessageValidator,
  readMessageSchemas,
  readCommonSchema,
  WS_CONTRACTS_DIR,
  type Checked,
  type Direction,
  type MessageSchema,
} from './protocol/schemas.js';
