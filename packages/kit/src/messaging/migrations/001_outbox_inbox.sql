-- The kit's messaging tables, created in every service database that has migrations.

-- Transactional outbox: a row is written in the same transaction as the state change that caused it;
-- the relay publishes unsent rows in seq order and stamps sent_at once the broker confirmed them.
CREATE TABLE IF NOT EXISTS kit_outbox (
  seq         bigserial PRIMARY KEY,
  id          uuid NOT NULL UNIQUE,
  kind        text NOT NULL CHECK (kind IN ('event', 'command')),
  -- events: the producing service; commands: the logical queue name (e.g. battles.run)
  destination text NOT NULL,
  type        text NOT NULL,
  envelope    jsonb NOT NULL,
  headers     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);
CREATE INDEX IF NOT EXISTS kit_outbox_unsent ON kit_outbox (seq) WHERE sent_at IS NULL;

-- Inbox: one row per (consumer, message) handled; inserted in the handler's transaction, so a
-- redelivered message finds its row and is skipped.
CREATE TABLE IF NOT EXISTS kit_inbox (
  consumer     text NOT NULL,
  event_id     uuid NOT NULL,
  type         text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Dead letters: messages a consumer gave up on, with the reason; listed and replayed through the bus.
CREATE TABLE IF NOT EXISTS kit_dead_letters (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consumer  text NOT NULL,
  queue     text NOT NULL,
  event_id  uuid,
  type      text,
  envelope  jsonb NOT NULL,
  headers   jsonb NOT NULL DEFAULT '{}'::jsonb,
  reason    text NOT NULL,
  attempts  integer NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
-- A message redelivered after it was dead-lettered (crash before ack) must not appear twice.
CREATE UNIQUE INDEX IF NOT EXISTS kit_dead_letters_message ON kit_dead_letters (queue, event_id);
