import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';

export interface PoolOptions {
  /** Upper bound on connections; keep small: every service instance holds its own pool. */
  max?: number;
  /** How long a query waits for a free connection or a new one before failing (fast 503 over hanging). */
  connectionTimeoutMillis?: number;
  applicationName?: string;
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 3000,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName,
  });
  // An idle client losing its server (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return pool;
}

export function createKysely<DB>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Runs `fn` in one transaction (READ COMMITTED unless asked), committing on success, rolling back on throw. */
export function withTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (tx: Transaction<DB>) => Promise<T>,
  opts: { isolationLevel?: 'read committed' | 'repeatable read' | 'serializable' } = {},
): Promise<T> {
  let builder = db.transaction();
  if (opts.isolationLevel) builder = builder.setIsolationLevel(opts.isolationLevel);
  return builder.execute(fn);
}
