-- Credentials only: the profile lives in the users service (user_id is its id).
CREATE TABLE credentials (
  user_id       uuid PRIMARY KEY,
  login         text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Auth's projection of users (from users' events and CreateUser answers): roles for tokens and the
-- active flag, so logins work while users is down. Field groups carry the time of the change that set them.
CREATE TABLE known_users (
  id           uuid PRIMARY KEY,
  login        text NOT NULL,
  display_name text NOT NULL,
  roles        text[] NOT NULL,
  active       boolean NOT NULL,
  profile_at   timestamptz NOT NULL,
  roles_at     timestamptz NOT NULL
);

-- One family per login session; reuse of a rotated token revokes the family.
CREATE TABLE token_families (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  revoke_reason text
);
CREATE INDEX token_families_user_id ON token_families (user_id);

CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY, -- sha256 hex of the token; the token itself is never stored
  family_id  uuid NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL,
  issued_at  timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  rotated_at timestamptz
);
CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);

-- Failed logins per login, for throttling (sliding window).
CREATE TABLE login_failures (
  login     text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_login_failed_at ON login_failures (login, failed_at);

-- Token signing keys (JWK). Generated on first start; the newest active one signs, all active ones verify.
CREATE TABLE signing_keys (
  kid         text PRIMARY KEY,
  algorithm   text NOT NULL,
  private_jwk jsonb NOT NULL,
  public_jwk  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
