import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ListFilter, UsersWriter } from '../app/ports.js';
import { isUserId } from '../domain/ids.js';
import { parseRoles } from '../domain/roles.js';
import type { User } from '../domain/user.js';
import type { UsersDatabase, UsersTable } from './database.js';

type Db = Kysely<UsersDatabase> | Transaction<UsersDatabase>;

function toUser(row: Selectable<UsersTable>): User {
  const roles = parseRoles(row.roles);
  // The CHECK constraint keeps unknown roles out; a failure here means the schema drifted.
  if (!roles.ok) throw new Error(`users row ${row.id} holds unknown roles ${roles.unknown.join(',')}`);
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    roles: roles.roles,
    active: row.active,
    createdAt: row.created_at,
  };
}

/** LIKE treats % and _ as wildcards; a search for "a_b" means those characters literally. */
function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export class PostgresUsers implements UsersWriter {
  constructor(private readonly db: Db) {}

  async byId(id: string): Promise<User | undefined> {
    if (!isUserId(id)) return undefined;
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async byLogin(login: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
    return row && toUser(row);
  }

  async byIds(ids: readonly string[]): Promise<User[]> {
    const valid = ids.filter(isUserId);
    if (valid.length === 0) return [];
    const rows = await this.db.selectFrom('users').selectAll().where('id', 'in', valid).execute();
    return rows.map(toUser);
  }

  async list(filter: ListFilter): Promise<User[]> {
    let query = this.db.selectFrom('users').selectAll().orderBy('login').limit(filter.limit);
    if (!filter.includeInactive) query = query.where('active', '=', true);
    if (filter.afterLogin !== undefined) query = query.where('login', '>', filter.afterLogin);
    if (filter.query) {
      const pattern = likePattern(filter.query);
      query = query.where((eb) =>
        eb.or([eb('login', 'ilike', pattern), eb('display_name', 'ilike', pattern)]),
      );
    }
    return (await query.execute()).map(toUser);
  }

  async insert(user: User): Promise<boolean> {
    const inserted = await this.db
      .insertInto('users')
      .values({
        id: user.id,
        login: user.login,
        display_name: user.displayName,
        roles: user.roles,
        active: user.active,
        created_at: user.createdAt,
      })
      .onConflict((oc) => oc.column('login').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async lockById(id: string): Promise<User | undefined> {
    if (!isUserId(id)) return undefined;
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row && toUser(row);
  }

  async save(user: User): Promise<void> {
    await this.db
      .updateTable('users')
      .set({
        display_name: user.displayName,
        roles: user.roles,
        active: user.active,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', user.id)
      .execute();
  }
}
