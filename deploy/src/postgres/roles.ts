/**
 * One PostgreSQL role per service (ADR 163): it logs in, owns its service's database and nothing
 * else, and cannot connect to any other service's database. The pg-boss `bus` database belongs to a
 * group role every service is a member of; a service's session in that database runs as the group
 * (`ALTER ROLE … IN DATABASE bus SET role`), so every pg-boss table has one owner whoever created it.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { withClient } from './databases.js';

/** How a service logs in: its role and this boot's password. */
export interface ServiceLogin {
  role: string;
  password: string;
}

export interface RolePlan {
  /** Service name → the database it owns (undefined: a service without one, e.g. the gateway). */
  services: ReadonlyMap<string, string | undefined>;
  /** The pg-boss database every service uses. */
  busDatabase: string;
  /** Prefix of every role name ('' on the embedded server; the database prefix on a shared one). */
  prefix: string;
}

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name: string): string {
  // Role and database names cannot be bound as parameters; only simple lowercase identifiers pass.
  if (!SAFE_NAME.test(name)) throw new Error(`invalid role or database name "${name}"`);
  return `"${name}"`;
}

function inDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** True when the server URL's user may create roles and hand databases over (a superuser). */
export async function canManageRoles(serverUrl: string): Promise<boolean> {
  return withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ rolsuper: boolean }>(
      'select rolsuper from pg_roles where rolname = current_user',
    );
    return rows[0]?.rolsuper === true;
  });
}

export function roleName(prefix: string, name: string): string {
  return `${prefix}${name}`;
}

/** `postgres://admin:x@h:5432/postgres` + login + database → that role's URL for that database. */
export function loginUrl(serverUrl: string, login: ServiceLogin, database: string): string {
  const url = new URL(inDatabase(serverUrl, database));
  url.username = encodeURIComponent(login.role);
  url.password = encodeURIComponent(login.password);
  return url.toString();
}

async function ensureRole(client: pg.Client, role: string, options: string): Promise<void> {
  const found = await client.query('select 1 from pg_roles where rolname = $1', [role]);
  if (found.rowCount) await client.query(`alter role ${ident(role)} with ${options}`);
  else {
    try {
      await client.query(`create role ${ident(role)} with ${options}`);
    } catch (err) {
      // 42710 duplicate_object: another launcher on the same server created it meanwhile.
      if ((err as { code?: string }).code !== '42710') throw err;
      await client.query(`alter role ${ident(role)} with ${options}`);
    }
  }
}

const LEAST = 'nosuperuser nocreatedb nocreaterole noreplication nobypassrls';

/**
 * Creates (or updates) the roles and hands each database to its owner. Every boot sets a fresh random
 * password, so a password leaked from an old environment stops working. Returns each service's login.
 */
export async function ensureServiceRoles(
  serverUrl: string,
  plan: RolePlan,
): Promise<Map<string, ServiceLogin>> {
  const busRole = roleName(plan.prefix, 'bus');
  const logins = new Map<string, ServiceLogin>();
  await withClient(serverUrl, async (client) => {
    await ensureRole(client, busRole, `nologin ${LEAST}`);
    await client.query(`alter database ${ident(plan.busDatabase)} owner to ${ident(busRole)}`);
    await client.query(`revoke all on database ${ident(plan.busDatabase)} from public`);
    for (const [service, database] of plan.services) {
      const login = { role: roleName(plan.prefix, service), password: randomBytes(24).toString('base64url') };
      await ensureRole(client, login.role, `login ${LEAST} password ${client.escapeLiteral(login.password)}`);
      await client.query(`grant ${ident(busRole)} to ${ident(login.role)}`);
      await client.query(
        `alter role ${ident(login.role)} in database ${ident(plan.busDatabase)} set role = ${client.escapeLiteral(busRole)}`,
      );
      if (database) {
        await client.query(`alter database ${ident(database)} owner to ${ident(login.role)}`);
        await client.query(`revoke all on database ${ident(database)} from public`);
      }
      logins.set(service, login);
    }
  });
  // Objects made before roles existed (an older data folder) still belong to the admin user.
  for (const [service, database] of plan.services)
    if (database) await handOverObjects(serverUrl, database, roleName(plan.prefix, service));
  await handOverObjects(serverUrl, plan.busDatabase, busRole);
  return logins;
}

/**
 * Gives `owner` every schema, table, view, standalone sequence, routine and type in `database` that the
 * admin user owns (system schemas aside). Sequences owned by a column follow their table.
 */
async function handOverObjects(serverUrl: string, database: string, owner: string): Promise<void> {
  await withClient(inDatabase(serverUrl, database), async (client) => {
    await client.query(`
      do $$
      declare
        me oid := (select oid from pg_roles where rolname = current_user);
        target text := ${client.escapeLiteral(owner)};
        r record;
      begin
        for r in select nspname from pg_namespace
                 where nspowner = me and nspname not like 'pg\\_%' and nspname <> 'information_schema' loop
          execute format('alter schema %I owner to %I', r.nspname, target);
        end loop;
        for r in select n.nspname, c.relname, c.relkind from pg_class c
                 join pg_namespace n on n.oid = c.relnamespace
                 where c.relowner = me and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
                   and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                   and not exists (select 1 from pg_depend d
                                   where d.classid = 'pg_class'::regclass and d.objid = c.oid
                                     and (d.deptype = 'e' or (c.relkind = 'S' and d.deptype in ('a', 'i')))) loop
          execute format('alter %s %I.%I owner to %I',
            case r.relkind when 'S' then 'sequence' when 'v' then 'view'
              when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end,
            r.nspname, r.relname, target);
        end loop;
        for r in select p.oid::regprocedure as sig from pg_proc p
                 join pg_namespace n on n.oid = p.pronamespace
                 where p.proowner = me and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                   and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') loop
          execute format('alter routine %s owner to %I', r.sig, target);
        end loop;
        for r in select t.oid::regtype as name from pg_type t
                 join pg_namespace n on n.oid = t.typnamespace
                 where t.typowner = me and t.typtype in ('e', 'd', 'r')
                   and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                   and not exists (select 1 from pg_depend d where d.objid = t.oid and d.deptype = 'e') loop
          execute format('alter type %s owner to %I', r.name, target);
        end loop;
      end $$`);
  });
}

/** Drops the roles of a throwaway system (after its databases are gone). */
export async function dropServiceRoles(
  serverUrl: string,
  plan: Pick<RolePlan, 'services' | 'prefix'>,
): Promise<void> {
  await withClient(serverUrl, async (client) => {
    for (const service of plan.services.keys())
      await client.query(`drop role if exists ${ident(roleName(plan.prefix, service))}`);
    await client.query(`drop role if exists ${ident(roleName(plan.prefix, 'bus'))}`);
  });
}
