export type { Discovery, Instance } from './discovery.js';
export { StaticDiscovery } from './static-discovery.js';
