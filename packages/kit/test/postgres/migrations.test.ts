import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, runMigrations } from '../../src/index.js';
import { createTestDatabase, needsPostgres, type TestDatabase } from '../../src/testing/index.js';

const pg = await needsPostgres();
const fixtures = new URL('../fixtures/migrations/', import.meta.url);

describe.skipIf(!pg)('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('migrations');
  });
  afterAll(() => db?.drop());

  it('when several instances start at once, then each migration is applied exactly once', async () => {
    const pools = Array.from({ length: 4 }, () => createPool(db.url));
    try {
      const results = await Promise.all(pools.map((p) => runMigrations(p, [{ dir: fixtures }])));
      expect(results.flat().sort()).toEqual(['001_notes.sql', '002_notes_author.sql']);
      const rows = await pools[0]!.query('select name from kit_migrations order by name');
      expect(rows.rows.map((r) => r.name)).toEqual(['001_notes.sql', '002_notes_author.sql']);
      // The second migration's column exists: they ran in order.
      await pools[0]!.query("insert into notes (text, author) values ('a', 'b')");
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('when started again, then nothing is re-applied', async () => {
    const pool = createPool(db.url);
    try {
      expect(await runMigrations(pool, [{ dir: fixtures }])).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('when a migration fails, then its changes roll back, it is not recorded, and later ones do not run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kit-mig-'));
    await writeFile(join(dir, '001_ok.sql'), 'create table ok_table (id int);');
    await writeFile(
      join(dir, '002_bad.sql'),
      'create table half_done (id int); select * from no_such_table;',
    );
    await writeFile(join(dir, '003_after.sql'), 'create table after_table (id int);');
    const pool = createPool(db.url);
    try {
      await expect(runMigrations(pool, [{ dir, prefix: 'x/' }])).rejects.toThrow(
        /migration x\/002_bad\.sql failed: relation "no_such_table" does not exist/,
      );
      const names = (await pool.query("select name from kit_migrations where name like 'x/%'")).rows.map(
        (r) => r.name,
      );
      expect(names).toEqual(['x/001_ok.sql']);
      const tables = (
        await pool.query(
          "select table_name from information_schema.tables where table_name in ('half_done', 'after_table')",
        )
      ).rows;
      expect(tables).toEqual([]);
    } finally {
      await pool.end();
      await rm(dir, { recursive: true });
    }
  });

  it('when a file is misnamed, then nothing runs and the error names it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kit-mig-'));
    await writeFile(join(dir, 'init.sql'), 'create table never (id int);');
    const pool = createPool(db.url);
    try {
      await expect(runMigrations(pool, [{ dir }])).rejects.toThrow(/must be named NNN_name\.sql: init\.sql/);
    } finally {
      await pool.end();
      await rm(dir, { recursive: true });
    }
  });
});
