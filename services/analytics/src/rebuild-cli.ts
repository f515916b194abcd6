/**
 * Rebuilds an analytics database from its event log, optionally after copying another analytics
 * database's log into it (a fresh instance filled from an existing one). ADR 045, docs/reliability.md.
 *
 *   DATABASE_URL=postgres://…/analytics npx tsx services/analytics/src/rebuild-cli.ts
 *   DATABASE_URL=postgres://…/analytics_new npx tsx services/analytics/src/rebuild-cli.ts --from postgres://…/analytics
 */
import { parseArgs } from 'node:util';
import { rebuildDatabase } from './app/rebuild-database.js';

const { values } = parseArgs({ options: { from: { type: 'string' } } });
const targetUrl = process.env.DATABASE_URL?.trim();
if (!targetUrl) {
  console.error('DATABASE_URL must name the analytics database to rebuild');
  process.exit(1);
}
try {
  console.log(JSON.stringify(await rebuildDatabase(targetUrl, values.from)));
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
