-- The per-user practice quota counts a user's unfinished practice battles on every POST /api/battles
-- (ADR 142): a partial index keeps that count to the few rows it is about.
CREATE INDEX battles_open_practice ON battles (created_by)
  WHERE kind = 'practice' AND status IN ('scheduled', 'running');
