import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Log, RingSink } from '../src/log.js';
import { ensureDatabases } from '../src/postgres/databases.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/postgres/embedded.js';

const run = promisify(execFile);
const log = new Log({ sink: new RingSink(), color: false, minLevel: 'info', nameWidth: 8 }).source(
  'postgres',
);

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

let dataDir: string;
let server: EmbeddedPostgres | undefined;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-pg-test-'));
  await fs.chmod(dataDir, 0o755); // as root the server runs as `postgres` and must enter the folder
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('embedded PostgreSQL', () => {
  it('when started twice on one data folder, then the data written in the first run is still there', async () => {
    server = await startEmbeddedPostgres({ dataDir, log, ephemeral: true });
    await ensureDatabases(server.url, ['users']);
    const usersUrl = server.url.replace(/\/postgres$/, '/users');
    await query(usersUrl, "create table t (v text); insert into t values ('kept')");
    await server.stop();

    server = await startEmbeddedPostgres({ dataDir, log, ephemeral: true });
    expect(await query(server.url.replace(/\/postgres$/, '/users'), 'select v from t')).toEqual([
      { v: 'kept' },
    ]);
    const stat = await fs.stat(path.join(dataDir, 'postgres-password'));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('when the previous launcher died without stopping the server, then the next start takes the cluster over', async () => {
    const fixture = path.join(import.meta.dirname, 'fixtures', 'start-postgres-and-die.ts');
    const result = await run(process.execPath, ['--import', 'tsx', fixture, dataDir], {
      cwd: process.cwd(),
    }).catch((err: { stdout: string }) => err);
    const orphanPort = Number(result.stdout.trim());
    expect(orphanPort).toBeGreaterThan(0);

    server = await startEmbeddedPostgres({ dataDir, log, ephemeral: true });
    expect(await query(server.url, 'select 1 as ok')).toEqual([{ ok: 1 }]);
    await expect(
      query(server.url.replace(`:${server.port}/`, `:${orphanPort}/`), 'select 1'),
    ).rejects.toThrow();
  });

  it('when the wrong password is used, then the server refuses the connection', async () => {
    server = await startEmbeddedPostgres({ dataDir, log, ephemeral: true });
    const wrong = new URL(server.url);
    wrong.password = 'not-the-password';
    await expect(query(wrong.toString(), 'select 1')).rejects.toThrow(/password authentication failed/);
  });
});
