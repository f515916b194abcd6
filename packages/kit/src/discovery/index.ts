export type { Discovery, DiscoveryListener, Instance } from './discovery.js';
export { StaticDiscovery } from './static-discovery.js';
export { DiscoveryUnavailableError } from './discovery-error.js';
export { createDiscovery, parseDiscoverySpec, type DiscoverySpec } from './create-discovery.js';
