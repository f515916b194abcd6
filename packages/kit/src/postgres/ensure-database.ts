import pg from 'pg';

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function assertSafeName(name: string): void {
  // Database names cannot be bound as parameters; only simple lowercase identifiers are allowed.
  if (!SAFE_NAME.test(name)) throw new Error(`invalid database name "${name}" (expected ${SAFE_NAME})`);
}

async function withServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** `postgres://u@h:5432/postgres` + `users` → `postgres://u@h:5432/users` (keeps credentials and options). */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates database `name` on the server unless it exists; safe when several processes race. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  assertSafeName(name);
  await withServer(serverUrl, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return;
    try {
      await client.query(`create database "${name}"`);
    } catch (err) {
      // 42P04 duplicate_database; 23505 when two creates race on the catalog.
      const code = (err as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw err;
    }
  });
}

/** Drops database `name`, disconnecting its sessions. For tests and tooling only. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertSafeName(name);
  await withServer(serverUrl, async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
  });
}
