import { createKysely, createPool, messagingMigrationsDir, runMigrations, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { copyHistory } from './copy-history.js';
import { rebuildProjections, type RebuildResult } from './rebuild.js';

const MIGRATIONS = new URL('../../migrations/', import.meta.url);

/**
 * Rebuilds the analytics database at `targetUrl` from its event log, after copying the log of the
 * one at `sourceUrl` into it when given. A database without analytics' tables gets them first, so a
 * fresh, empty one can be filled from another instance's history.
 */
export async function rebuildDatabase(
  targetUrl: string,
  sourceUrl?: string,
): Promise<RebuildResult & { copied: number }> {
  const pool = createPool(targetUrl, { applicationName: 'analytics-rebuild' });
  const target = createKysely<Database>(pool);
  let source: Kysely<Database> | undefined;
  try {
    // The same migrations, in the same order, as the service's own start (kit tables first).
    await runMigrations(pool, [{ dir: messagingMigrationsDir, prefix: 'kit/' }, { dir: MIGRATIONS }]);
    let copied = 0;
    if (sourceUrl) {
      source = createKysely<Database>(createPool(sourceUrl, { applicationName: 'analytics-rebuild' }));
      copied = await copyHistory(source, target);
    }
    return { copied, ...(await rebuildProjections(target)) };
  } finally {
    await source?.destroy();
    await target.destroy();
  }
}
