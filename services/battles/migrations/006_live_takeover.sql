-- Taking over a live battle whose process died or stopped (ADR 280). The playing process saves what it
-- recorded every second; another instance that claims the battle (live_epoch + 1) re-plays those
-- lines and goes on. A process whose epoch is no longer the battle's may not stamp, save or finish it.
ALTER TABLE battles ADD COLUMN live_epoch integer NOT NULL DEFAULT 0;

CREATE TABLE live_checkpoints (
  battle_id uuid NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  lines text NOT NULL, -- replay JSON lines recorded since the previous checkpoint, joined by \n
  forfeited integer[] NOT NULL DEFAULT '{}', -- seats that had forfeited by then
  PRIMARY KEY (battle_id, seq)
);
