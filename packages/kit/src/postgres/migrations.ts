import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Logger } from 'pino';

/** A folder of `NNN_name.sql` files; `prefix` namespaces their names in `kit_migrations` (e.g. `kit/`). */
export interface MigrationSource {
  dir: URL | string;
  prefix?: string;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const FILE = /^(\d{3,})_[\w-]+\.sql$/;
// Any constant works; it only has to be the same for every instance of every service.
const LOCK_KEY = 7_301_000_001;

export async function readMigrations(source: MigrationSource): Promise<Migration[]> {
  const dir = typeof source.dir === 'string' ? source.dir : fileURLToPath(source.dir);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const misnamed = files.filter((f) => !FILE.test(f));
  if (misnamed.length > 0)
    throw new Error(`migration files must be named NNN_name.sql: ${misnamed.join(', ')} in ${dir}`);
  const numbers = files.map((f) => FILE.exec(f)?.[1]);
  const duplicate = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (duplicate) throw new Error(`two migrations share the number ${duplicate} in ${dir}`);
  return Promise.all(
    files.map(async (f) => {
      const sql = await readFile(`${dir}/${f}`, 'utf8');
      return {
        name: `${source.prefix ?? ''}${f}`,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/**
 * Applies the migrations not yet recorded in `kit_migrations`, in order, each in its own transaction.
 * A session-level advisory lock serializes concurrent starts of several instances.
 * Returns the names applied by this call.
 */
export async function runMigrations(
  pool: pg.Pool,
  sources: MigrationSource[],
  log?: Logger,
): Promise<string[]> {
  const migrations = (await Promise.all(sources.map(readMigrations))).flat();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(`create table if not exists kit_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
      const done = new Map(
        (
          await client.query<{ name: string; checksum: string }>('select name, checksum from kit_migrations')
        ).rows.map((r) => [r.name, r.checksum]),
      );
      for (const m of migrations) {
        const previous = done.get(m.name);
        if (previous !== undefined) {
          if (previous !== m.checksum)
            log?.warn({ migration: m.name }, 'applied migration was edited afterwards; not re-run');
          continue;
        }
        await client.query('begin');
        try {
          await client.query(m.sql);
          await client.query('insert into kit_migrations (name, checksum) values ($1, $2)', [
            m.name,
            m.checksum,
          ]);
          await client.query('commit');
        } catch (err) {
          await client.query('rollback');
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.name);
        log?.info({ migration: m.name }, 'migration applied');
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  return applied;
}
