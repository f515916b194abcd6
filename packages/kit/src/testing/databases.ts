import { randomBytes } from 'node:crypto';
import { databaseUrl, dropDatabase, ensureDatabase } from '../postgres/ensure-database.js';
import { TEST_POSTGRES_URL } from './needs.js';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database (forcing its sessions off). */
  drop(): Promise<void>;
}

/** A unique name, so parallel test files and reruns never collide, and leftovers are recognisable. */
export function uniqueName(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  return `t_${clean}_${randomBytes(5).toString('hex')}`;
}

/** Creates a fresh, empty database on the test PostgreSQL server. */
export async function createTestDatabase(
  prefix = 'db',
  serverUrl = TEST_POSTGRES_URL,
): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  await ensureDatabase(serverUrl, name);
  return { name, url: databaseUrl(serverUrl, name), drop: () => dropDatabase(serverUrl, name) };
}
