import type { ColumnType, Generated } from 'kysely';

// The auth service's own database (migrations/). Only this service reads or writes it.
export interface AuthDatabase {
  credentials: {
    user_id: string;
    login: string;
    password_hash: string;
    created_at: Generated<Date>;
  };
  known_users: {
    id: string;
    login: string;
    display_name: string;
    roles: string[];
    active: boolean;
    profile_at: Date;
    roles_at: Date;
  };
  token_families: {
    id: string;
    user_id: string;
    created_at: ColumnType<Date, Date, never>;
    revoked_at: Date | null;
    revoke_reason: string | null;
  };
  refresh_tokens: {
    token_hash: string;
    family_id: string;
    user_id: string;
    issued_at: ColumnType<Date, Date, never>;
    expires_at: Date;
    rotated_at: Date | null;
  };
  access_revocations: {
    user_id: string;
    not_before: Date;
    seq: Generated<string>;
  };
  login_attempts: {
    login: string;
    client: string;
    failures: number;
    window_start: Date;
    blocked_until: Date;
  };
  signing_keys: {
    kid: string;
    algorithm: string;
    private_jwk: ColumnType<Record<string, unknown>, string, string>;
    public_jwk: ColumnType<Record<string, unknown>, string, string>;
    created_at: Generated<Date>;
    retired_at: Date | null;
  };
}
