export { createService } from './create-service.js';
export { runService } from './run-service.js';
export type { RunningService, ServiceContext, ServiceDefinition, ServiceParts } from './types.js';
export { failpoint } from './failpoint.js';
