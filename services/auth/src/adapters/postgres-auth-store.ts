import type { Kysely, Transaction } from 'kysely';
import type { AuthStore, Credential } from '../app/ports.js';
import type { KnownUser } from '../domain/known-user.js';
import type { StoredRefreshToken } from '../domain/refresh-tokens.js';
import type { AuthDatabase } from './database.js';

type Db = Kysely<AuthDatabase> | Transaction<AuthDatabase>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PostgresAuthStore implements AuthStore {
  constructor(private readonly db: Db) {}

  async credentialByLogin(login: string): Promise<Credential | undefined> {
    const row = await this.db
      .selectFrom('credentials')
      .selectAll()
      .where('login', '=', login)
      .executeTakeFirst();
    return row && { userId: row.user_id, login: row.login, passwordHash: row.password_hash };
  }

  async credentialOf(userId: string): Promise<Credential | undefined> {
    if (!UUID.test(userId)) return undefined;
    const row = await this.db
      .selectFrom('credentials')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && { userId: row.user_id, login: row.login, passwordHash: row.password_hash };
  }

  async saveCredential(credential: Credential): Promise<void> {
    await this.db
      .insertInto('credentials')
      .values({ user_id: credential.userId, login: credential.login, password_hash: credential.passwordHash })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: credential.passwordHash }))
      .execute();
  }

  async insertCredential(credential: Credential): Promise<boolean> {
    const inserted = await this.db
      .insertInto('credentials')
      .values({ user_id: credential.userId, login: credential.login, password_hash: credential.passwordHash })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  knownUser(id: string): Promise<KnownUser | undefined> {
    return this.readKnownUser(id, false);
  }

  lockKnownUser(id: string): Promise<KnownUser | undefined> {
    return this.readKnownUser(id, true);
  }

  private async readKnownUser(id: string, lock: boolean): Promise<KnownUser | undefined> {
    if (!UUID.test(id)) return undefined;
    let query = this.db.selectFrom('known_users').selectAll().where('id', '=', id);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return (
      row && {
        id: row.id,
        login: row.login,
        displayName: row.display_name,
        roles: row.roles,
        active: row.active,
        profileAt: row.profile_at,
        rolesAt: row.roles_at,
      }
    );
  }

  async saveKnownUser(user: KnownUser): Promise<void> {
    const row = {
      login: user.login,
      display_name: user.displayName,
      roles: user.roles,
      active: user.active,
      profile_at: user.profileAt,
      roles_at: user.rolesAt,
    };
    await this.db
      .insertInto('known_users')
      .values({ id: user.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async failuresSince(login: string, since: Date): Promise<Date[]> {
    const rows = await this.db
      .selectFrom('login_failures')
      .select('failed_at')
      .where('login', '=', login)
      .where('failed_at', '>', since)
      .execute();
    return rows.map((r) => r.failed_at);
  }

  async recordFailure(login: string, at: Date): Promise<void> {
    await this.db.insertInto('login_failures').values({ login, failed_at: at }).execute();
  }

  async clearFailures(login: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('login', '=', login).execute();
  }

  async startFamily(family: { id: string; userId: string; at: Date }): Promise<void> {
    await this.db
      .insertInto('token_families')
      .values({
        id: family.id,
        user_id: family.userId,
        created_at: family.at,
        revoked_at: null,
        revoke_reason: null,
      })
      .execute();
  }

  async insertRefreshToken(token: {
    hash: string;
    familyId: string;
    userId: string;
    issuedAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({
        token_hash: token.hash,
        family_id: token.familyId,
        user_id: token.userId,
        issued_at: token.issuedAt,
        expires_at: token.expiresAt,
        rotated_at: null,
      })
      .execute();
  }

  async lockRefreshToken(hash: string): Promise<StoredRefreshToken | undefined> {
    const row = await this.db
      .selectFrom('refresh_tokens as t')
      .innerJoin('token_families as f', 'f.id', 't.family_id')
      .select(['t.family_id', 't.user_id', 't.expires_at', 't.rotated_at', 'f.revoked_at'])
      .where('t.token_hash', '=', hash)
      // Locks the family row too: concurrent refreshes of one family are serialized.
      .forUpdate()
      .executeTakeFirst();
    return (
      row && {
        familyId: row.family_id,
        userId: row.user_id,
        expiresAt: row.expires_at,
        rotatedAt: row.rotated_at,
        familyRevokedAt: row.revoked_at,
      }
    );
  }

  async markRotated(hash: string, at: Date): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ rotated_at: at })
      .where('token_hash', '=', hash)
      .execute();
  }

  async revokeFamily(familyId: string, at: Date, reason: string): Promise<void> {
    await this.db
      .updateTable('token_families')
      .set({ revoked_at: at, revoke_reason: reason })
      .where('id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeFamiliesOf(userId: string, at: Date, reason: string): Promise<void> {
    await this.db
      .updateTable('token_families')
      .set({ revoked_at: at, revoke_reason: reason })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async purgeRefreshTokens(expiredBefore: Date): Promise<number> {
    const deleted = await this.db
      .deleteFrom('refresh_tokens')
      .where('expires_at', '<', expiredBefore)
      .executeTakeFirst();
    await this.db
      .deleteFrom('token_families')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('refresh_tokens').select('token_hash').whereRef('family_id', '=', 'token_families.id'),
          ),
        ),
      )
      .execute();
    return Number(deleted.numDeletedRows);
  }

  async purgeFailures(before: Date): Promise<number> {
    const deleted = await this.db
      .deleteFrom('login_failures')
      .where('failed_at', '<', before)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }
}
