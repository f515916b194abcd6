import type { Logger } from 'pino';
import type { ServiceTable } from '../config/base-config.js';
import type { Discovery, DiscoveryListener, Instance } from './discovery.js';

/**
 * Discovery from a fixed table (`GARRISON_SERVICES`), used in embedded mode where the launcher
 * knows every address up front. Registration changes nothing but is logged, so the logs read
 * the same as with a real registry.
 */
export class StaticDiscovery implements Discovery {
  private registered: Instance | undefined;

  constructor(
    private readonly table: ServiceTable,
    private readonly log?: Logger,
  ) {}

  async register(instance: Instance): Promise<void> {
    this.registered = instance;
    this.log?.info({ instance }, 'registered with static discovery (no-op)');
  }

  async setAvailable(): Promise<void> {
    // The table is fixed: callers learn about an unready instance from its /readyz and their breakers.
  }

  async deregister(): Promise<void> {
    if (!this.registered) return;
    this.log?.info({ id: this.registered.id }, 'deregistered from static discovery (no-op)');
    this.registered = undefined;
  }

  async resolve(name: string): Promise<Instance[]> {
    const entry = this.table[name];
    if (entry) return [{ name, id: `${name}-static`, healthy: true, ...entry }];
    // A service can always find itself, even when the table does not list it (tests on port 0).
    if (this.registered?.name === name) return [this.registered];
    return [];
  }

  async list(): Promise<Instance[]> {
    const listed = Object.entries(this.table).map(([name, entry]) => ({
      name,
      id: `${name}-static`,
      healthy: true,
      ...entry,
    }));
    if (this.registered && !this.table[this.registered.name]) listed.push(this.registered);
    return listed;
  }

  watch(_listener: DiscoveryListener): () => void {
    return () => {}; // a fixed table never changes
  }

  async close(): Promise<void> {}
}
