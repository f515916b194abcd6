export { createPool, createKysely, withTransaction, type PoolOptions } from './database.js';
export { ensureDatabase, dropDatabase, databaseUrl } from './ensure-database.js';
export { runMigrations, readMigrations, type Migration, type MigrationSource } from './migrations.js';
export { registerPoolMetrics } from './pool-metrics.js';
export { isDatabaseUnavailable } from './unavailable.js';
export { ChannelListener, type ChannelListenerOptions } from './channel-listener.js';
export {
  sql,
  type Kysely,
  type Transaction,
  type Selectable,
  type Insertable,
  type Updateable,
  type Generated,
  type ColumnType,
} from 'kysely';
