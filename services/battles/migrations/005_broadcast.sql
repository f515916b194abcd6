-- Broadcast battles (ADR 240): a hosted battle of a broadcast tournament is computed as usual, then
-- shown to spectators from its stored replay at the live pace, paced by wall clock from
-- broadcast_starts_at (so any instance can stream it); its result stays hidden (status running, no
-- battle.finished) until broadcast_ends_at, when the reveal job finishes it.
ALTER TABLE battles
  ADD COLUMN broadcast boolean NOT NULL DEFAULT false,
  ADD COLUMN broadcast_starts_at timestamptz, -- when spectators see tick 1 (computed + spectator delay)
  ADD COLUMN broadcast_tick_ms integer CHECK (broadcast_tick_ms > 0),
  ADD COLUMN broadcast_ends_at timestamptz; -- when the last tick is shown and the result is revealed
CREATE INDEX battles_broadcast_due ON battles (broadcast_ends_at)
  WHERE status = 'running' AND broadcast_ends_at IS NOT NULL;
