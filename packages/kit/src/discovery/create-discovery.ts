import type { Logger } from 'pino';
import type { ServiceTable } from '../config/base-config.js';
import type { Discovery } from './discovery.js';
import { StaticDiscovery } from './static-discovery.js';

export type DiscoverySpec = { kind: 'static' } | { kind: 'etcd'; endpoints: string[] };

/**
 * Reads `GARRISON_DISCOVERY`: empty or `static` (the table in GARRISON_SERVICES), or
 * `etcd://host:2379[,host:2379…]`. Returns a problem text for anything else: an unknown scheme must
 * stop the start, never fall back silently.
 */
export function parseDiscoverySpec(value: string): DiscoverySpec | string {
  const text = value.trim();
  if (text === '' || text === 'static') return { kind: 'static' };
  const match = /^etcd:\/\/(.+)$/.exec(text);
  if (!match) {
    return `GARRISON_DISCOVERY: expected "static" or etcd://host:port[,host:port…], got "${text}"`;
  }
  const endpoints = match[1]!.split(',').map((e) => e.trim().replace(/\/+$/, ''));
  const bad = endpoints.find((e) => !/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(e));
  if (bad !== undefined) return `GARRISON_DISCOVERY: "${bad}" is not host:port`;
  return { kind: 'etcd', endpoints };
}

export async function createDiscovery(
  spec: DiscoverySpec,
  table: ServiceTable,
  log?: Logger,
): Promise<Discovery> {
  if (spec.kind === 'static') return new StaticDiscovery(table, log);
  // Loaded only when used: see src/etcd-server/index.ts.
  const { EtcdDiscovery } = await import('./etcd-discovery.js');
  return EtcdDiscovery.connect({ endpoints: spec.endpoints, ...(log ? { log } : {}) });
}
