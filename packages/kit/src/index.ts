// @garrison/kit — the platform every service is built from. See API.md for the contract.
export * from './config/index.js';
export * from './service/index.js';
export * from './http/index.js';
export * from './postgres/index.js';
export * from './telemetry/index.js';
export * from './discovery/index.js';
export * from './grpc/index.js';
export * from './messaging/index.js';
export * from './cache/index.js';
export * from './identity/index.js';
export { pooledRandomBytes, pooledRandomHex } from './random-pool.js';
