import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, createService, type ServiceDefinition } from '../../src/index.js';
import { createTestDatabase, needsPostgres, waitFor, type TestDatabase } from '../../src/testing/index.js';

const server = await needsPostgres();
const quiet = { HTTP_PORT: '0', LOG_LEVEL: 'silent' };
const migrations = new URL('../fixtures/migrations/', import.meta.url);

describe('createService configuration', () => {
  it('when a service with migrations has no DATABASE_URL, then the ConfigError says so with the other problems', async () => {
    const def: ServiceDefinition = { name: 'needs-db', migrations, setup: async () => ({}) };
    const err = await createService(def, { ...quiet, LOG_LEVEL: 'loud' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      expect.stringMatching(/^LOG_LEVEL: expected one of/),
      'DATABASE_URL: required because service "needs-db" has migrations',
    ]);
  });

  it('when a service has a database but the pgboss bus has none, then the ConfigError says BUS_DATABASE_URL is needed', async () => {
    const def: ServiceDefinition = { name: 'needs-bus', migrations, setup: async () => ({}) };
    const err = await createService(def, { ...quiet, DATABASE_URL: 'postgres://127.0.0.1:1/x' }).catch(
      (e: unknown) => e,
    );
    expect((err as ConfigError).problems).toEqual([
      'BUS_DATABASE_URL: required with GARRISON_BUS=pgboss when the service has a database',
    ]);
  });

  it('when the service name is not a plain identifier, then it refuses to start', async () => {
    await expect(createService({ name: 'Users DB', setup: async () => ({}) }, quiet)).rejects.toThrow(
      /invalid service name/,
    );
  });

  it('when setup uses ctx.db without a database, then the error explains what is missing', async () => {
    const def: ServiceDefinition = {
      name: 'no-db',
      async setup(ctx) {
        await ctx.db.selectFrom('x').selectAll().execute();
        return {};
      },
    };
    await expect(createService(def, quiet)).rejects.toThrow(/service "no-db" has no database/);
  });
});

describe.skipIf(!server)('createService life cycle with a database', () => {
  let db: TestDatabase;
  let bus: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    [db, bus] = await Promise.all([createTestDatabase('lifecycle'), createTestDatabase('lifecycle_bus')]);
    admin = new pg.Client({ connectionString: server!.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await Promise.all([db?.drop(), bus?.drop()]);
  });

  const env = () => ({ ...quiet, DATABASE_URL: db.url, BUS_DATABASE_URL: bus.url });
  const connectionsTo = async (name: string) =>
    Number(
      (await admin.query('select count(*) from pg_stat_activity where datname = $1', [name])).rows[0].count,
    );

  it('when setup fails, then everything already started is undone (no connection left open)', async () => {
    const def: ServiceDefinition = {
      name: 'fails-in-setup',
      migrations,
      async setup() {
        throw new Error('setup exploded');
      },
    };
    await expect(createService(def, env())).rejects.toThrow('setup exploded');
    // A closed connection leaves pg_stat_activity a moment after the client hangs up.
    await waitFor(async () => (await connectionsTo(db.name)) === 0, {
      timeoutMs: 3000,
      message: 'connections closed',
    });
  });

  it('when stopped, then onStop still has the database, and afterwards no connection is left open', async () => {
    const seen: string[] = [];
    const def: ServiceDefinition = {
      name: 'stops-cleanly',
      migrations,
      async setup(ctx) {
        return {
          onStarted: async () => {
            seen.push('started');
          },
          onStop: async () => {
            const rows = await ctx.db.selectFrom('kit_migrations').select('name').execute();
            seen.push(`onStop saw ${rows.length} migrations`);
          },
        };
      },
    };
    const svc = await createService(def, env());
    expect((await fetch(`${svc.httpUrl}/readyz`)).status).toBe(200);
    await svc.stop();
    await svc.stop(); // a second stop is harmless
    expect(seen).toEqual(['started', expect.stringMatching(/^onStop saw [1-9]\d* migrations$/)]);
    await expect(fetch(`${svc.httpUrl}/healthz`)).rejects.toThrow();
    // A closed connection leaves pg_stat_activity a moment after the client hangs up.
    await waitFor(async () => (await connectionsTo(db.name)) === 0, {
      timeoutMs: 3000,
      message: 'connections closed',
    });
  });
});
