-- A broadcast tournament (SPEC 3.5, ADR 240): its hosted battles are shown to spectators in real time
-- and their results revealed when each broadcast ends.
ALTER TABLE tournaments ADD COLUMN broadcast boolean NOT NULL DEFAULT false;
