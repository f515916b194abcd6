-- The process playing a live battle stamps it every few seconds; a running live battle whose stamp
-- is stale belongs to a process that died, and the sweep cancels it (ADR 099).
ALTER TABLE battles ADD COLUMN live_heartbeat_at timestamptz;
