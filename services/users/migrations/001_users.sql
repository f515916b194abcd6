-- Accounts and their roles. The id is chosen by the service (UUID) so events carry it from the start.
CREATE TABLE users (
  id           uuid PRIMARY KEY,
  login        text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9_.-]{3,32}$'),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 64),
  roles        text[] NOT NULL
               CHECK (roles <@ ARRAY['admin', 'manager', 'accountant', 'worker', 'player']::text[]),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
-- The list endpoint pages by login (keyset); the UNIQUE index on login serves it.
