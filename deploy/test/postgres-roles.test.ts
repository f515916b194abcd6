import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@garrison/kit/postgres';
import { needsPostgres } from '@garrison/kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canManageRoles,
  dropServiceRoles,
  ensureServiceRoles,
  loginUrl,
  type RolePlan,
  type ServiceLogin,
} from '../src/postgres/roles.js';

const server = await needsPostgres();

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

const errorCodeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'connected',
    (err: { code?: string }) => err.code,
  );

describe.skipIf(!server)('per-service PostgreSQL roles (ADR 163)', () => {
  const prefix = `t_roles_${randomBytes(3).toString('hex')}_`;
  const db = (name: string) => `${prefix}${name}`;
  const plan: RolePlan = {
    services: new Map([
      ['users', db('users')],
      ['tasks', db('tasks')],
      ['gateway', undefined],
    ]),
    busDatabase: db('bus'),
    prefix,
  };
  let logins: Map<string, ServiceLogin>;
  const url = (service: string, database: string) => loginUrl(server!.url, logins.get(service)!, database);

  beforeAll(async () => {
    for (const name of ['users', 'tasks', 'bus']) await ensureDatabase(server!.url, db(name));
    // A table made before roles existed (an older data folder): it must be handed over.
    const admin = new URL(server!.url);
    admin.pathname = `/${db('tasks')}`;
    await query(admin.toString(), 'create table old_tasks (id int primary key)');
    expect(await canManageRoles(server!.url)).toBe(true);
    logins = await ensureServiceRoles(server!.url, plan);
  });

  afterAll(async () => {
    if (!server) return;
    for (const name of ['users', 'tasks', 'bus']) await dropDatabase(server.url, db(name));
    await dropServiceRoles(server.url, plan);
  });

  it('when a service connects to its own database, then it owns it and the objects made before roles existed', async () => {
    const tasks = url('tasks', db('tasks'));
    expect(await query(tasks, 'select current_user as me')).toEqual([{ me: `${prefix}tasks` }]);
    await query(tasks, 'insert into old_tasks values (1)');
    await query(tasks, 'create table new_tasks (id int)');
    const owners = await query<{ tableowner: string }>(
      tasks,
      "select distinct tableowner from pg_tables where schemaname = 'public'",
    );
    expect(owners).toEqual([{ tableowner: `${prefix}tasks` }]);
  });

  it("when a service's role connects to another service's database, then PostgreSQL refuses it (42501)", async () => {
    expect(await errorCodeOf(query(url('tasks', db('users')), 'select 1'))).toBe('42501');
    expect(await errorCodeOf(query(url('users', db('tasks')), 'select 1'))).toBe('42501');
    expect(await errorCodeOf(query(url('gateway', db('users')), 'select 1'))).toBe('42501');
  });

  it('when a service role tries to create a database or a role, then it may not', async () => {
    const tasks = url('tasks', db('tasks'));
    expect(await errorCodeOf(query(tasks, `create database ${prefix}evil`))).toBe('42501');
    expect(await errorCodeOf(query(tasks, `create role ${prefix}evil`))).toBe('42501');
  });

  it('when services use the bus database, then they all act as the bus role and share its tables', async () => {
    const asTasks = url('tasks', db('bus'));
    expect(await query(asTasks, 'select current_user as me')).toEqual([{ me: `${prefix}bus` }]);
    await query(asTasks, 'create schema jobs; create table jobs.queue (id int)');
    await query(url('users', db('bus')), 'insert into jobs.queue values (1)');
    expect(await query(url('gateway', db('bus')), 'select count(*)::int as n from jobs.queue')).toEqual([
      { n: 1 },
    ]);
  });

  it('when roles are ensured again (a restart), then each gets a fresh password that works', async () => {
    const before = logins.get('tasks')!.password;
    logins = await ensureServiceRoles(server!.url, plan);
    expect(logins.get('tasks')!.password).not.toBe(before);
    expect(await query(url('tasks', db('tasks')), 'select 1 as ok')).toEqual([{ ok: 1 }]);
  });
});
