import { dropDatabase, ensureDatabase } from '@garrison/kit/postgres';
import pg from 'pg';

// One implementation of database naming, creation and dropping: the kit's.
export { databaseUrl } from '@garrison/kit/postgres';

/** The server URL without the password, for messages. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** One short-lived connection to `serverUrl` for `fn`. */
export async function withClient<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Resolves once the server accepts a connection; fails after the timeout or as soon as `gaveUp()` says so. */
export async function waitForPostgres(
  serverUrl: string,
  { timeoutMs = 30_000, gaveUp }: { timeoutMs?: number; gaveUp?: () => string | undefined } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const reason = gaveUp?.();
    if (reason) throw new Error(reason);
    try {
      await withClient(serverUrl, (c) => c.query('select 1'));
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(
    `PostgreSQL at ${redactedUrl(serverUrl)} did not accept connections within ${timeoutMs} ms: ${lastError}`,
  );
}

/** Creates each missing database; safe when another process races to create the same one. */
export async function ensureDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  for (const name of names) await ensureDatabase(serverUrl, name);
}

/** Drops databases this system created (temporary systems on a shared server). */
export async function dropDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  for (const name of names) await dropDatabase(serverUrl, name);
}
