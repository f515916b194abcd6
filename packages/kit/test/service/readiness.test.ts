import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsPostgres, startTestService, waitFor, type TestService } from '../../src/testing/index.js';
import { notesService, type NotesDatabase } from '../fixtures/notes-service.js';
import { jsonOf } from '../helpers/json.js';

const server = await needsPostgres();

describe.skipIf(!server)('readiness with a database', () => {
  let svc: TestService<NotesDatabase>;
  let admin: pg.Client;
  let dbName: string;
  beforeAll(async () => {
    svc = await startTestService(notesService);
    dbName = new URL(svc.env.DATABASE_URL!).pathname.slice(1);
    admin = new pg.Client({ connectionString: server!.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`alter database "${dbName}" allow_connections true`).catch(() => {});
    await admin?.end();
    await svc?.stop();
  });

  it('when started, then migrations ran and /readyz is 200 with the database check ok', async () => {
    const res = await fetch(`${svc.url}/readyz`);
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).checks.database).toBe('ok');
    const created = await fetch(`${svc.url}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hello"}',
    });
    expect(created.status).toBe(201);
    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    expect(metrics).toMatch(/^db_pool_connections\{pool="main"\} [1-9]/m);
    expect(metrics).toMatch(/^db_pool_waiting_requests\{pool="main"\} 0/m);
  });

  it('when the database becomes unreachable, then /readyz is 503 problem+json quickly, and 200 again after', async () => {
    await admin.query(`alter database "${dbName}" allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [dbName]);

    const started = Date.now();
    const res = await fetch(`${svc.url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ status: 503, title: 'Not ready' });
    expect(body.checks.database).not.toBe('ok');
    expect(Date.now() - started).toBeLessThan(3000);
    // liveness is separate from readiness
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    // a request that needs the database gets a quick 503 problem, not a 500 or a hang
    const write = await fetch(`${svc.url}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"while down"}',
    });
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toBe('5');
    expect(await jsonOf(write)).toMatchObject({ status: 503, title: 'Service Unavailable' });

    await admin.query(`alter database "${dbName}" allow_connections true`);
    await waitFor(async () => (await fetch(`${svc.url}/readyz`)).status === 200, { timeoutMs: 5000 });
  });
});
