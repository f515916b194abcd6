-- The per-user inbox. One row per (event, user, type): the unique key makes a notification exactly
-- once per event even if the kit's inbox dedupe were bypassed (e.g. a dead letter replayed by hand).
CREATE TABLE notifications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Keyset pagination order: strictly increasing, unlike timestamps that tie within a transaction.
  seq             bigserial NOT NULL UNIQUE,
  user_id         text NOT NULL,
  type            text NOT NULL,
  title           text NOT NULL,
  body            text NOT NULL,
  data            jsonb NOT NULL DEFAULT '{}'::jsonb,
  source_event_id uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  read_at         timestamptz,
  CONSTRAINT notifications_once_per_event UNIQUE (source_event_id, user_id, type)
);
CREATE INDEX notifications_inbox ON notifications (user_id, seq DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Delivery preferences per type and channel. In-app delivery is always on, so only the optional
-- channels are stored; a missing row means the channel's default (off).
CREATE TABLE notification_preferences (
  user_id    text NOT NULL,
  type       text NOT NULL,
  channel    text NOT NULL CHECK (channel IN ('email', 'webhook')),
  enabled    boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, type, channel)
);
