-- The event history the projections are rebuilt from (docs/adr/045-analytics-rebuild-from-its-event-log.md):
-- every event analytics applied, written in the same transaction as its projection change, once per
-- event id, numbered in the order it was applied.
CREATE TABLE event_log (
  seq bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  producer text NOT NULL,
  type text NOT NULL,
  version integer NOT NULL,
  envelope jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Projections filled before this log existed cannot be rebuilt from it: a rebuild would lose them.
-- `complete` records whether the log holds everything the projections were built from.
CREATE TABLE event_log_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  complete boolean NOT NULL
);
INSERT INTO event_log_state (complete)
SELECT NOT EXISTS (SELECT 1 FROM transactions) AND NOT EXISTS (SELECT 1 FROM tasks);
