import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthStore, Credential } from '../app/ports.js';
import type { KnownUser } from '../domain/known-user.js';
import type { AttemptState } from '../domain/throttle.js';
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

  async reserveLoginAttempt(a: {
    login: string;
    client: string;
    now: Date;
    windowMs: number;
    maxFailures: number;
    delays: { freeFailures: number; baseDelayMs: number; maxDelayMs: number };
  }): Promise<AttemptState | undefined> {
    const windowCutoff = new Date(a.now.getTime() - a.windowMs);
    const { freeFailures, baseDelayMs, maxDelayMs } = a.delays;
    // One statement (ADR 151): the upsert's row lock orders concurrent attempts, each sees the count
    // the one before it left, and the lock is held only for this statement. The WHERE refuses an
    // attempt that must still wait; the next attempt's wait (domain/throttle.ts delayAfter) is
    // computed from the new count in the same statement.
    const counted = sql`CASE WHEN a.window_start <= ${windowCutoff} THEN 1 ELSE a.failures + 1 END`;
    const waitMs = (failures: ReturnType<typeof sql>) =>
      sql`CASE WHEN ${failures} < ${freeFailures} THEN 0
               ELSE LEAST(${maxDelayMs}::float8, ${baseDelayMs}::float8 * power(2, ${failures} - ${freeFailures})) END`;
    const firstWait = freeFailures > 1 ? 0 : baseDelayMs;
    const reserved = await sql<{ failures: number; window_start: Date; blocked_until: Date }>`
      INSERT INTO login_attempts AS a (login, client, failures, window_start, blocked_until)
      VALUES (${a.login}, ${a.client}, 1, ${a.now}, ${new Date(a.now.getTime() + firstWait)})
      ON CONFLICT (login, client) DO UPDATE SET
        failures = ${counted},
        window_start = CASE WHEN a.window_start <= ${windowCutoff} THEN ${a.now} ELSE a.window_start END,
        blocked_until = ${a.now}::timestamptz + make_interval(secs => (${waitMs(counted)}) / 1000.0)
      WHERE a.window_start <= ${windowCutoff}
         OR (a.failures < ${a.maxFailures} AND a.blocked_until <= ${a.now})
      RETURNING failures, window_start, blocked_until`.execute(this.db);
    const row = reserved.rows[0];
    return row && { failures: row.failures, windowStart: row.window_start, blockedUntil: row.blocked_until };
  }

  async loginAttempt(login: string, client: string): Promise<AttemptState | undefined> {
    const row = await this.db
      .selectFrom('login_attempts')
      .selectAll()
      .where('login', '=', login)
      .where('client', '=', client)
      .executeTakeFirst();
    return row && { failures: row.failures, windowStart: row.window_start, blockedUntil: row.blocked_until };
  }

  async clearLoginAttempts(login: string, client: string): Promise<void> {
    await this.db
      .deleteFrom('login_attempts')
      .where('login', '=', login)
      .where('client', '=', client)
      .execute();
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

  async revokeAccessTokens(userId: string, notBefore: Date): Promise<void> {
    await sql`
      INSERT INTO access_revocations (user_id, not_before) VALUES (${userId}, ${notBefore})
      ON CONFLICT (user_id) DO UPDATE
        SET not_before = EXCLUDED.not_before, seq = nextval('access_revocations_seq')
        WHERE access_revocations.not_before < EXCLUDED.not_before`.execute(this.db);
  }

  async revocationsAfter(
    seq: number,
    since: Date,
    limit: number,
  ): Promise<{ userId: string; notBefore: Date; seq: number }[]> {
    const rows = await this.db
      .selectFrom('access_revocations')
      .select(['user_id', 'not_before', 'seq'])
      .where('seq', '>', String(seq))
      .where('not_before', '>', since)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ userId: r.user_id, notBefore: r.not_before, seq: Number(r.seq) }));
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

  async purgeLoginAttempts(before: Date): Promise<number> {
    const deleted = await this.db
      .deleteFrom('login_attempts')
      .where('window_start', '<', before)
      .where('blocked_until', '<', before)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }
}
